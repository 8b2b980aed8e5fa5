// The bundled build (dist/) loads every command: each command's --help, and one real run of each
// against a sandbox, through the one command route. All in one child process of the bundle
// (useBundledCli), as its entry function; the executable itself is spawned by the other tests. The list of commands comes
// from the command tree itself, so a command added without a run here fails the last test.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { declareAll } from '../../src/cli/command-tree.js';
import { useBundledCli, type CliResult } from '../helpers/cli.js';
import { useSandboxSession } from '../helpers/sandbox.js';

const session = useSandboxSession();
const bundled = useBundledCli();

const { program } = buildProgram({ version: '0', env: {} });
await declareAll(program);

function commandPaths(c: Command, prefix: string[] = []): { path: string[]; runs: boolean }[] {
  return c.commands
    .filter((s) => s.name() !== 'help')
    .flatMap((s) => {
      const path = [...prefix, s.name()];
      const runs = (s as unknown as { _actionHandler: unknown })._actionHandler !== null;
      return [{ path, runs }, ...commandPaths(s, path)];
    });
}
const all = commandPaths(program);

/** Runs a few at a time (the bundle's process takes them one after another). */
async function inBatches<T, R>(items: T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += n) out.push(...(await Promise.all(items.slice(i, i + n).map(f))));
  return out;
}

/** The command an argument list runs: its longest prefix that names a command. */
const commandOf = (args: string[]): string => {
  for (let n = args.length; n > 0; n--) {
    const p = args.slice(0, n).join(' ');
    if (all.some((c) => c.path.join(' ') === p)) return p;
  }
  return '';
};

const healthy = (r: CliResult): void => {
  expect(r.stderr).not.toMatch(/internal error|Cannot find module|is not built|at .*dist\//);
};

describe('the bundled build', () => {
  it('prints the help of every command', async () => {
    expect(all.length).toBeGreaterThan(40);
    const shown = all.filter((c) => c.path[0] !== '__complete');
    const results = await inBatches(shown, 4, async (c) => ({
      c,
      r: await bundled.run([...c.path, '--help'], { env: session.env }),
    }));
    for (const { c, r } of results) {
      healthy(r);
      expect(r.code, c.path.join(' ')).toBe(0);
      expect(r.stdout, c.path.join(' ')).toContain(`Usage: ic-support ${c.path.join(' ')}`);
    }
  }, 300_000);

  it('runs every command once, each loading its own code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-support-every-'));
    try {
      const caseFile = join(dir, 'question.yaml');
      writeFileSync(
        caseFile,
        'caseType: ask-a-question\naccount: Bayside School (TESTING)\nmodule: Scheduling\nsubject: Counselor schedule change requests\ndescription: How do counselors at Bayside request a schedule change this term, and who approves it?\n',
      );
      const attachment = join(dir, 'notes.txt');
      writeFileSync(attachment, 'attendance export notes\n');
      const admin = ['--url', session.sb.url, '--data-dir', session.sb.dataDir];
      const env = session.env;
      const ran = new Set<string>();
      const run = async (args: string[], code: number | number[] = 0): Promise<CliResult> => {
        const r = await bundled.run(args, { env });
        healthy(r);
        expect([code].flat(), `${args.join(' ')}\n${r.stderr}`).toContain(r.code);
        ran.add(commandOf(args));
        return r;
      };
      const covered = (path: string): void => void ran.add(path);

      // The sandbox itself was started by the session through the same binary.
      covered('sandbox');
      await run(['catalog', 'refresh']);
      await run(['catalog', 'status']);
      await run(['case', 'types']);
      await run(['case', 'fields', 'application-issue']);
      await run(['case', 'template', 'data-restore']);
      await run(['case', 'validate', caseFile]);
      await run(['case', 'lint', caseFile]);
      const filed = JSON.parse((await run(['case', 'submit', '--from-file', caseFile, '--json'])).stdout) as {
        number: string;
      };
      await run(['case', 'drafts']);
      await run(['case', 'list']);
      await run(['case', 'show', filed.number]);
      await run(['case', 'comment', filed.number, '--body', 'The export is attached.']);
      await run(['case', 'attach', filed.number, attachment]);
      await run(['case', 'download', filed.number, '--dir', dir, '--force']);
      await run(['case', 'watch']);
      await run(['auth', 'status']);
      const made = JSON.parse((await run(['auth', 'token', 'create', '--name', 'every command', '--json'])).stdout) as {
        id: string;
      };
      await run(['auth', 'token', 'list']);
      await run(['auth', 'token', 'revoke', made.id]);
      await run(['whoami']);
      await run(['accounts']);
      await run(['contacts']);
      await run(['auth', 'activate', '--email', 'nobody@bayside.example']);
      await run(['auth', 'reset-password', '--email', 'nobody@bayside.example']);
      await run(['config', 'set', 'account', 'Bayside School (TESTING)']);
      await run(['config', 'get', 'account']);
      await run(['config', 'list']);
      await run(['config', 'unset', 'account']);
      await run(['config', 'path']);
      await run(['outbox', 'list']);
      await run(['outbox', 'send']);
      await run(['outbox', 'drop', 'o-20261128-00000000'], 5);
      const posted = JSON.parse(
        (
          await run([
            'sandbox',
            'notify',
            'post',
            '--kind',
            'incident',
            '--title',
            'Campus Parent app errors',
            '--json',
            ...admin,
          ])
        ).stdout,
      ) as { id: string };
      await run(['sandbox', 'notify', 'update', posted.id, '--status', 'Monitoring', ...admin]);
      await run(['sandbox', 'notify', 'add-update', posted.id, '--body', 'A fix is being deployed.', ...admin]);
      await run(['notifications', 'show', posted.id]);
      await run(['notifications', '--check'], 12);
      await run(['sandbox', 'notify', 'close', posted.id, '--body', 'Fixed.', ...admin]);
      await run(['notifications']);
      await run(['sandbox', 'comment', filed.number, '--body', 'Could you send a screenshot?', ...admin]);
      // A case's life in the order the portal allows it: resolution posted (Pending), closed by the
      // contact, reopened; then escalated and the clock shown. Each must succeed.
      await run([
        'sandbox',
        'post-resolution',
        filed.number,
        '--resolution',
        'Counselors use the Schedule Request tool.',
        ...admin,
      ]);
      await run(['case', 'close', filed.number]);
      await run(['case', 'reopen', filed.number, '--body', 'The tool is not on the counselors menu.']);
      await run(['sandbox', 'escalate', filed.number, '--note', 'Passed to the scheduling team.', ...admin]);
      await run(['sandbox', 'clock', ...admin]);
      await run(['sandbox', 'resolve', filed.number, '--resolution', 'Explained the process.', ...admin]);
      await run(['sandbox', 'mailbox', ...admin]);
      await run(['sandbox', 'count', ...admin]);
      await run(['sandbox', 'faults', 'set', '--latency-ms', '0', ...admin]);
      await run(['sandbox', 'faults', 'show', ...admin]);
      await run(['sandbox', 'faults', 'clear', ...admin]);
      await run(['completion', 'bash']);
      expect((await run(['__complete', 'case', 'su'])).stdout).toContain('submit');
      await run(['help', 'case', 'submit']);
      // A second token for the sign-in commands, so that logging out leaves the session's token valid.
      const token = await session.api.signIn(session.sb.demo.email, session.sb.demo.password);
      const own = { ...env, IC_SUPPORT_TOKEN: undefined };
      for (const args of [['login'], ['auth', 'login']]) {
        const r = await bundled.run([...args, '--with-token'], { env: own, input: `${token}\n` });
        healthy(r);
        expect(r.code, r.stderr).toBe(0);
        ran.add(args.join(' '));
      }
      for (const args of [['logout'], ['auth', 'logout']]) {
        const r = await bundled.run(args, { env: own });
        healthy(r);
        expect(r.code, r.stderr).toBe(0);
        ran.add(args.join(' '));
      }

      const notRun = all.filter((c) => c.runs && !ran.has(c.path.join(' '))).map((c) => c.path.join(' '));
      expect(notRun, 'every command with an action is run above').toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
