// 500 submissions under injected faults (issue 9): 5xx, dropped connections, answers lost after the
// case was filed, 429 with Retry-After, and answers that arrive after the client's timeout. The
// CLI against a sandbox, both in-process (no waiting for retries); the sandbox's SQLite database is the judge: every case is
// filed exactly once, and none is lost (what could not be sent waits in the outbox, which is
// drained with `outbox send`). kill -9 in the middle of a batch and of `outbox send` is covered by
// test/e2e/delivery.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { startSandbox, type SandboxProcess } from '../helpers/sandbox.js';
import { batchLines, expectEachOnce, expectNoCrash, setFaults, signedInEnv, type Env } from './support.js';

interface Line {
  line: number;
  status: 'filed' | 'already filed' | 'queued' | 'failed' | 'not sent';
}

let dir: { path: string; cleanup: () => void };
let sb: SandboxProcess;
let env: Env;
const CASES = '/api/v1/cases';

beforeAll(async () => {
  dir = tempDir('ic-faults-');
  sb = await startSandbox();
  env = await signedInEnv(sb, join(dir.path, 'state'));
});
afterAll(async () => {
  await sb?.stop();
  sb?.cleanup();
  dir?.cleanup();
});

const parseLines = (stdout: string): Line[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

/** Sends the outbox until it is empty (each run may meet faults too); at most `rounds` runs. */
async function drainOutbox(e: Env, rounds = 6): Promise<number> {
  let runs = 0;
  for (; runs < rounds; runs++) {
    const r = await runCli(['outbox', 'send', '--json'], { env: e, timeoutMs: 240_000 });
    expectNoCrash(r.stderr);
    expect([0, 9], r.stderr).toContain(r.code);
    if (/Outbox: \d+ sent, 0 still waiting\.|The outbox is empty/.test(r.stderr)) return runs + 1;
  }
  throw new Error(`the outbox was not empty after ${rounds} runs of outbox send`);
}

async function outboxEntries(e: Env): Promise<number> {
  const r = await runCli(['outbox', 'list', '--json'], { env: e });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as unknown[]).length;
}

describe('500 submissions under injected faults, each filed exactly once', () => {
  it('300 in one batch under 503s, dropped connections, lost answers and 429 with Retry-After', async () => {
    const file = join(dir.path, 'mixed.ndjson');
    writeFileSync(file, batchLines('FMIX', 300));
    await setFaults(sb, {
      errorRate: 0.1,
      errorStatus: 503,
      dropRate: 0.08,
      dropAfterRate: 0.08,
      rateLimitRate: 0.06,
      retryAfterSeconds: 1,
      paths: [CASES],
    });
    const r = await runCli(['case', 'submit', '--batch', file, '--json'], { env, timeoutMs: 300_000 });
    const counters = await setFaults(sb, null);
    expectNoCrash(r.stderr);
    // Every kind of fault happened: the run proves something.
    for (const k of ['errors', 'dropped', 'droppedAfter', 'rateLimited']) expect(counters[k], k).toBeGreaterThan(0);
    expect([0, 9], r.stderr).toContain(r.code);
    const lines = parseLines(r.stdout);
    expect(lines).toHaveLength(300);
    expect(lines.filter((l) => l.status === 'failed' || l.status === 'not sent')).toEqual([]);
    const queued = lines.filter((l) => l.status === 'queued').length;
    expect(r.code).toBe(queued ? 9 : 0);
    await drainOutbox(env);
    expect(await outboxEntries(env)).toBe(0);
    expectEachOnce(sb.dataDir, 'FMIX', 300);
  });

  it('100 whose answers come after the client has stopped waiting (latency beyond the timeout)', async () => {
    const file = join(dir.path, 'slow.ndjson');
    writeFileSync(file, batchLines('FSLOW', 100));
    // The first 40 requests are answered after 1 s; the client waits 0.4 s, gives up and asks
    // again with the same Idempotency-Key, while the sandbox is still about to file the first one.
    await setFaults(sb, { latencyMs: 1000, limit: 40, paths: [CASES] });
    const slowEnv = { ...env, IC_SUPPORT_HTTP_TIMEOUT: '0.4' };
    const r = await runCli(['--verbose', 'case', 'submit', '--batch', file, '--json'], {
      env: slowEnv,
      timeoutMs: 300_000,
    });
    const counters = await setFaults(sb, null);
    expectNoCrash(r.stderr);
    expect(counters.delayed).toBe(40);
    // The client did stop waiting (IC_SUPPORT_HTTP_TIMEOUT), and asked again.
    expect(r.stderr).toContain('UND_ERR_HEADERS_TIMEOUT');
    expect(r.stderr).toMatch(/retrying POST \/api\/v1\/cases after UND_ERR_HEADERS_TIMEOUT/);
    expect([0, 9], r.stderr).toContain(r.code);
    const lines = parseLines(r.stdout);
    expect(lines).toHaveLength(100);
    expect(lines.filter((l) => l.status === 'failed' || l.status === 'not sent')).toEqual([]);
    // Let the late handlers finish before counting.
    await new Promise((res) => setTimeout(res, 1_100));
    await drainOutbox(slowEnv);
    expectEachOnce(sb.dataDir, 'FSLOW', 100);
  });

  it('50 under 500s (not retried: queued) are filed once from the outbox, and a rerun of the batch files nothing', async () => {
    const file = join(dir.path, 'errors.ndjson');
    writeFileSync(file, batchLines('F500', 50));
    await setFaults(sb, { errorRate: 0.25, errorStatus: 500, dropAfterRate: 0.1, paths: [CASES] });
    const r = await runCli(['case', 'submit', '--batch', file, '--json'], { env, timeoutMs: 300_000 });
    const counters = await setFaults(sb, null);
    expectNoCrash(r.stderr);
    expect(counters.errors).toBeGreaterThan(0);
    const lines = parseLines(r.stdout);
    expect(lines).toHaveLength(50);
    const queued = lines.filter((l) => l.status === 'queued').length;
    expect(queued).toBeGreaterThan(0);
    expect(lines.filter((l) => l.status === 'failed' || l.status === 'not sent')).toEqual([]);
    expect(r.code).toBe(9);
    expect(await outboxEntries(env)).toBe(queued);
    await drainOutbox(env);
    expectEachOnce(sb.dataDir, 'F500', 50);
    const again = await runCli(['case', 'submit', '--batch', file, '--json'], { env, timeoutMs: 300_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('50 cases: 0 filed, 50 already filed, 0 queued, 0 failed.');
    expectEachOnce(sb.dataDir, 'F500', 50);
  });

  it('50 queued while every connection drops, then sent from the outbox under faults', async () => {
    const file = join(dir.path, 'down.ndjson');
    writeFileSync(file, batchLines('FDOWN', 50));
    const downEnv = { ...env, IC_SUPPORT_HTTP_RETRIES: '1' };
    await setFaults(sb, { dropRate: 1, paths: [CASES] });
    const r = await runCli(['case', 'submit', '--batch', file], { env: downEnv, timeoutMs: 300_000 });
    expectNoCrash(r.stderr);
    expect(r.code, r.stderr).toBe(9);
    expect(r.stderr).toContain('50 cases: 0 filed, 0 already filed, 50 queued, 0 failed.');
    expect(await outboxEntries(env)).toBe(50);
    // The portal is back, but not well: the outbox meets 503s, lost answers and 429s.
    await setFaults(sb, {
      errorRate: 0.15,
      errorStatus: 503,
      dropAfterRate: 0.15,
      rateLimitRate: 0.05,
      retryAfterSeconds: 1,
      paths: [CASES],
    });
    await drainOutbox(env);
    await setFaults(sb, null);
    expect(await outboxEntries(env)).toBe(0);
    expectEachOnce(sb.dataDir, 'FDOWN', 50);
  });

  it('in all, 500 distinct cases, and not one more, reached the database', async () => {
    const { subjectCounts } = await import('../helpers/sandbox-db.js');
    let total = 0;
    for (const tag of ['FMIX', 'FSLOW', 'F500', 'FDOWN'])
      for (const [, n] of subjectCounts(sb.dataDir, `${tag} %`)) total += n;
    expect(total).toBe(500);
  });
});
