// docs/automation.md's recipes, run as written against the sandbox (issue 28 §5): the cron lines'
// commands, the systemd units (systemd-analyze verify, where it is installed) and the command they
// run, the Task Scheduler action's command, and the GitHub Actions workflow's steps — its filing step
// run twice for one incident files one case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, tempDir, installedOnPath } from '../helpers/cli.js';
import { useSandboxSession, type Body } from '../helpers/sandbox.js';
import { setFaults } from '../helpers/batches.js';

const session = useSandboxSession();
const DOC = readFileSync(join(ROOT, 'docs', 'automation.md'), 'utf8');

/** The fenced blocks of the document: language, `file=` name and text. */
const blocks = [...DOC.matchAll(/```(\w+)(?: file=(\S+))?\n([\s\S]*?)```/g)].map((m) => ({
  lang: m[1]!,
  file: m[2],
  text: m[3]!,
}));
const block = (lang: string, file?: string): string => {
  const b = blocks.find((x) => x.lang === lang && (file === undefined || x.file === file));
  if (!b) throw new Error(`docs/automation.md has no \`\`\`${lang}${file ? ` file=${file}` : ''} block`);
  return b.text;
};

let dir: { path: string; cleanup: () => void };
let env: Record<string, string>;
beforeAll(() => {
  dir = tempDir();
  // `ic-support` on PATH, as npm install -g puts it; HOME of its own (the recipes write there).
  env = { ...session.env, HOME: dir.path, PATH: installedOnPath(dir.path) };
});
afterAll(() => dir.cleanup());

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}
/** A child process, waited for without blocking: the sandbox answers from this process. */
function run(cmd: string, args: string[], o: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: o.env, cwd: o.cwd ?? dir.path, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const sh = (script: string, extra: Record<string, string> = {}) =>
  run('sh', ['-c', script], { env: { ...env, ...extra } });

describe('cron', () => {
  it("runs each line's command with the token the crontab sets", async () => {
    const lines = block('crontab').trim().split('\n');
    const token = lines.find((l) => l.startsWith('IC_SUPPORT_TOKEN='));
    expect(token).toBeDefined();
    const jobs = lines.filter((l) => /^(\S+\s+){5}/.test(l) && !l.includes('='.repeat(2)) && !l.startsWith('IC_'));
    expect(jobs.length).toBe(2);
    for (const job of jobs) {
      const command = job.replace(/^(\S+\s+){5}/, '');
      const { IC_SUPPORT_TOKEN: _, ...noToken } = env;
      const r = await run('sh', ['-c', command], { env: { ...noToken, IC_SUPPORT_TOKEN: session.token } });
      expect(r.status, `${command}\n${readLog()}`).toBe(0);
    }
    expect(existsSync(join(dir.path, 'ic-support-outbox.ndjson'))).toBe(true);
    expect(existsSync(join(dir.path, 'ic-support-changes.ndjson'))).toBe(true);
  });
});
const readLog = (): string => {
  const f = join(dir.path, 'ic-support.log');
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
};

const HAS_SYSTEMD_ANALYZE = spawnSync('systemd-analyze', ['--version']).status === 0;
if (!HAS_SYSTEMD_ANALYZE)
  console.warn('automation.test.ts: systemd-analyze is not installed: the units are not verified');

describe('systemd timer', () => {
  it.skipIf(!HAS_SYSTEMD_ANALYZE)('has units systemd-analyze verify accepts', () => {
    const units = join(dir.path, 'units');
    mkdirSync(units, { recursive: true });
    for (const f of ['ic-support-outbox.service', 'ic-support-outbox.timer'])
      writeFileSync(join(units, f), block('ini', f));
    const r = spawnSync(
      'systemd-analyze',
      ['verify', join(units, 'ic-support-outbox.service'), join(units, 'ic-support-outbox.timer')],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).not.toMatch(/Unknown|unknown|Failed|Invalid|invalid/);
    expect(r.status).toBe(0);
  });

  it("runs the service's ExecStart with its EnvironmentFile", async () => {
    const unit = block('ini', 'ic-support-outbox.service');
    const exec = /^ExecStart=(.*)$/m.exec(unit)![1]!;
    expect(/^EnvironmentFile=%h\/(.*)$/m.exec(unit)).not.toBeNull();
    const r = await sh(exec, { IC_SUPPORT_TOKEN: session.token });
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('Windows Task Scheduler', () => {
  it("runs the action's program with its arguments", async () => {
    const ps = block('powershell');
    const m = /New-ScheduledTaskAction -Execute '([^']+)' -Argument '([^']+)'/.exec(ps);
    expect(m).not.toBeNull();
    expect(m![1]).toBe('ic-support.cmd'); // npm's Windows shim of the same command
    const r = await run('ic-support', m![2]!.split(' '), { env });
    expect(r.status, r.stderr).toBe(0);
    expect(ps).toMatch(/Register-ScheduledTask -TaskName '[^']+' -Action \$action -Trigger \$trigger/);
  });
});

describe('GitHub Actions', () => {
  interface Step {
    name?: string;
    run?: string;
    uses?: string;
    with?: Record<string, string>;
  }
  const workflow = parse(block('yaml', 'outage.yml')) as {
    jobs: { outage: { env: Record<string, string>; steps: Step[] } };
  };
  const steps = workflow.jobs.outage.steps;
  const step = (name: string): Step => steps.find((s) => s.name?.startsWith(name))!;

  it('installs without the optional packages and caches the outbox folder', () => {
    expect(steps.some((s) => s.run === 'npm install -g ic-support --omit=optional')).toBe(true);
    const cache = steps.find((s) => s.uses?.startsWith('actions/cache@'));
    expect(cache?.with?.path).toBe('.ic-support/outbox');
    expect(workflow.jobs.outage.env.IC_SUPPORT_CONFIG_DIR).toBe('${{ github.workspace }}/.ic-support');
  });

  it('files one outage case per incident however often it runs, and exits 0 when the portal queues it', async () => {
    const state = join(dir.path, 'workspace', '.ic-support');
    // As the runner runs a step: bash -e, the job's and the step's env; the service down (a closed port).
    const runStep = (s: Step | string, extra: Record<string, string> = {}) => {
      const { IC_SUPPORT_TOKEN: _, ...rest } = env;
      return run('bash', ['-e', '-c', typeof s === 'string' ? s : s.run!], {
        env: {
          ...rest,
          IC_SUPPORT_CONFIG_DIR: state,
          IC_SUPPORT_PORTAL_URL: session.sb.url,
          EMAIL: session.sb.demo.email,
          PASSWORD: session.sb.demo.password,
          SERVICE_URL: 'http://127.0.0.1:9/',
          IC_SUPPORT_HTTP_RETRIES: '0',
          ...extra,
        },
      });
    };
    expect((await runStep(step('Sign in'))).status).toBe(0);
    expect((await runStep(step('Send what an earlier run queued'))).status).toBe(0);
    const first = await runStep(step('Check the service'));
    const second = await runStep(step('Check the service'));
    expect(first.status, first.stderr).toBe(0);
    expect(second.status, second.stderr).toBe(0);
    const number = /Outage case: (\d{8})/.exec(first.stdout)?.[1];
    expect(number).toBeDefined();
    expect(second.stdout).toContain(`Outage case: ${number}`);
    const list = (await session.api.call('GET', '/api/v1/cases?status=all&limit=100', { token: session.token })).body;
    const outages = ((list.cases ?? list.items ?? []) as Body[]).filter(
      (c) => c.subject === 'Campus unreachable from the district',
    );
    expect(outages).toHaveLength(1);

    // The portal unreachable: exit 0 with a warning, the case kept in the outbox for the next run.
    // (Another day's incident, so that it is a new case; the portal failing every filing.)
    await setFaults(session.sb, { errorRate: 1, paths: ['/api/v1/cases'] });
    const queued = await runStep(step('Check the service').run!.replace('date -u +%F', 'echo next-day')).finally(() =>
      setFaults(session.sb, null),
    );
    expect(queued.status, queued.stderr).toBe(0);
    expect(queued.stdout).toContain('::warning::portal unreachable');
    expect(queued.stdout).not.toContain('null');
    const waiting = await run('ic-support', ['outbox', 'list', '--json'], {
      env: { ...env, IC_SUPPORT_CONFIG_DIR: state },
    });
    expect(waiting.stdout).toContain('report-an-outage');
  });
});
