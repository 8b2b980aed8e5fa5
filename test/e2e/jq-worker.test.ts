// --jq runs jq in a worker thread (src/cli/jq/): under a deadline (IC_SUPPORT_JQ_TIMEOUT), its
// output written as jq produces it, with the process's real environment as $ENV and env
// (issue 25 §7, attack 9). The spawned runs are the build (the eval worker the bundle inlines);
// the in-process runs are the source (worker.cjs from the tree).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BIN, ROOT, TEST_NODE, runCli, tempDir } from '../helpers/cli.js';
import { apiClient, signedInEnv, startSandbox, type SandboxProcess } from '../helpers/sandbox.js';
import { fileServerIssue } from '../helpers/filed-case.js';

let dir: { path: string; cleanup: () => void };
let sb: SandboxProcess;
let env: Record<string, string>;
beforeAll(async () => {
  dir = tempDir();
  sb = await startSandbox();
  env = (await signedInEnv(sb, join(dir.path, 'state'))).env;
});
afterAll(async () => {
  await sb.stop();
  sb.cleanup();
  dir.cleanup();
});

interface Watched {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Whether the process was still running when `until` first held of its output. */
  runningWhenSeen: boolean;
  seenAtMs: number;
}

/** The built CLI, its output watched as it comes: `until` is checked on every piece of stdout. */
function watchCli(args: string[], extraEnv: Record<string, string>, until: (out: string) => boolean): Promise<Watched> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(TEST_NODE, [BIN, ...args], { env: { ...env, ...extraEnv }, cwd: ROOT });
    const r: Watched = { code: null, stdout: '', stderr: '', runningWhenSeen: false, seenAtMs: -1 };
    child.stdout.on('data', (d: Buffer) => {
      r.stdout += d.toString();
      if (r.seenAtMs < 0 && until(r.stdout)) {
        r.seenAtMs = Date.now() - started;
        r.runningWhenSeen = child.exitCode === null && child.signalCode === null;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => (r.stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      r.code = code;
      resolve(r);
    });
  });
}

describe('--jq under a deadline, streaming, with the real environment', () => {
  it('repeat(.) is stopped by IC_SUPPORT_JQ_TIMEOUT: exit 2, a clear message, the output so far kept', async () => {
    const r = await watchCli(
      ['case', 'list', '--jq', 'length | repeat(.)'],
      { IC_SUPPORT_JQ_TIMEOUT: '1.5' },
      () => false,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jq: the filter ran for 1.5 s and was stopped');
    expect(r.stderr).toContain('IC_SUPPORT_JQ_TIMEOUT');
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThan(100);
    expect(new Set(lines).size).toBe(1);
    expect(lines[0]).toMatch(/^\d+$/);
  });

  it("prints range(1e11)'s results as they come, long before the deadline", async () => {
    const r = await watchCli(
      ['case', 'list', '--jq', 'range(1e11)'],
      { IC_SUPPORT_JQ_TIMEOUT: '600' },
      (out) => out.split('\n').length > 1000,
    );
    expect(r.runningWhenSeen).toBe(true);
    expect(r.stdout.startsWith('0\n1\n2\n')).toBe(true);
  });

  it('a result before a filter that never ends is printed at once, not at the end', async () => {
    const r = await watchCli(
      ['case', 'list', '--jq', '"first", (last(range(1e11)) | empty)'],
      { IC_SUPPORT_JQ_TIMEOUT: '600' },
      (out) => out.includes('first\n'),
    );
    expect(r.runningWhenSeen).toBe(true);
  });

  it('$ENV and env are the process environment (built and from source)', async () => {
    const probe = { IC_SUPPORT_JQ_PROBE: 'a value with spaces', HOME: join(dir.path, 'home') };
    const jq = '[$ENV.HOME, env.IC_SUPPORT_JQ_PROBE, ($ENV | has("USER") and .USER == "web_user")] | @tsv';
    const want = `${probe.HOME}\t${probe.IC_SUPPORT_JQ_PROBE}\tfalse\n`;
    const built = await watchCli(['case', 'list', '--jq', jq], probe, () => false);
    expect(built).toMatchObject({ code: 0, stdout: want });
    const source = await runCli(['case', 'list', '--jq', jq], { env: { ...env, ...probe } });
    expect(source).toMatchObject({ code: 0, stdout: want });
  });

  it('a jq error after output keeps the output and exits 2 with jq message', async () => {
    const r = await runCli(['case', 'list', '--jq', '1, error("boom")'], { env });
    expect(r).toMatchObject({ code: 2, stdout: '1\n' });
    expect(r.stderr).toContain('--jq: boom');
  });

  it('case watch --jq (cron): each change filtered as it comes, a filter that never ends stopped by the deadline', async () => {
    const cron = { ...env, IC_SUPPORT_JQ_TIMEOUT: '1' };
    const first = await runCli(['case', 'watch', '--jq', '.'], { env: cron });
    expect(first.code, first.stderr).toBe(0);
    const posted = await apiClient(sb).call('POST', '/sandbox/v1/cases/00001002/comments', {
      admin: true,
      body: { body: 'Use Attendance Register.' },
    });
    expect(posted.status).toBe(201);
    const r = await runCli(['case', 'watch', '--jq', '.case, last(range(1e11))'], { env: cron });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('00001002\n');
    expect(r.stderr).toContain('--jq: the filter ran for 1 s and was stopped');
  });

  it('a wrong IC_SUPPORT_JQ_TIMEOUT is refused, naming it', async () => {
    const r = await runCli(['case', 'list', '--jq', '.'], { env: { ...env, IC_SUPPORT_JQ_TIMEOUT: 'soon' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('IC_SUPPORT_JQ_TIMEOUT: "soon" is not a number of seconds');
  });

  it('a wrong IC_SUPPORT_JQ_TIMEOUT is refused before the command changes anything', async () => {
    const number = await fileServerIssue(env, 'Export stops at 2 AM (jq timeout)');
    const closed = await runCli(['case', 'close', number, '--jq', '.changed'], {
      env: { ...env, IC_SUPPORT_JQ_TIMEOUT: 'soon' },
    });
    expect(closed.code).toBe(2);
    expect(closed.stderr).toContain('IC_SUPPORT_JQ_TIMEOUT');
    const shown = await runCli(['case', 'show', number, '--json', 'state'], { env });
    expect(JSON.parse(shown.stdout)).toEqual({ state: 'open' });
  });
});
