#!/usr/bin/env node
// Submission throughput (issues 9 and 16): 1,000 cases in one `ic-support case submit --batch` run
// against a sandbox child process, against a bare undici keep-alive loop in this process posting
// the same 1,000 cases (POST /api/v1/cases, a distinct Idempotency-Key and body each) with the same
// concurrency, in the same run. Rounds alternate; medians are reported.
//
//   node bench/submit.mjs [--cases 1000] [--rounds 2] [--concurrency 8]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { BIN, apiBody, caseBody, cleanEnv, fmt, machine, median, signIn, startSandbox } from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const TARGET = 0.8;

export async function submitThroughput({ cases = 1000, rounds = 2, concurrency = 8 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ic-support-bench-submit-'));
  const { child, info } = await startSandbox(join(dir, 'sandbox'));
  try {
    const token = await signIn(info);
    // The baseline: as many workers as the batch keeps in flight, over one keep-alive pool.
    const ceiling = async (round) => {
      const agent = new Agent({ connections: concurrency, keepAliveTimeout: 30_000 });
      let next = 0;
      const latencies = [];
      const t0 = process.hrtime.bigint();
      const worker = async () => {
        while (next < cases) {
          const i = next++;
          const s0 = process.hrtime.bigint();
          const res = await request(`${info.url}/api/v1/cases`, {
            method: 'POST',
            dispatcher: agent,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
            body: JSON.stringify(apiBody(`LOOP${round}`, i)),
          });
          await res.body.text();
          if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`bare loop: ${res.statusCode}`);
          latencies.push(Number(process.hrtime.bigint() - s0) / 1e6);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      await agent.close();
      latencies.sort((a, b) => a - b);
      return { rps: cases / seconds, seconds, p99: latencies[Math.floor(latencies.length * 0.99)] };
    };
    const batch = (round) =>
      new Promise((resolve, reject) => {
        const file = join(dir, `batch-${round}.ndjson`);
        writeFileSync(file, `${Array.from({ length: cases }, (_, i) => JSON.stringify(caseBody(`BATCH${round}`, i))).join('\n')}\n`);
        const t0 = process.hrtime.bigint();
        const c = spawn(process.execPath, [BIN, 'case', 'submit', '--batch', file, '--json', '--concurrency', String(concurrency)], {
          env: cleanEnv({ IC_SUPPORT_CONFIG_DIR: join(dir, `state-${round}`), IC_SUPPORT_PORTAL_URL: info.url, IC_SUPPORT_TOKEN: token }),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let lines = 0;
        let err = '';
        c.stdout.on('data', (d) => (lines += String(d).split('\n').length - 1));
        c.stderr.on('data', (d) => (err += d));
        c.on('close', (code) => {
          const s = Number(process.hrtime.bigint() - t0) / 1e9;
          if (code !== 0 || lines !== cases || !err.includes(`${cases} cases: ${cases} filed`)) return reject(new Error(`the batch exited ${code} with ${lines} lines: ${err}`));
          resolve({ rps: cases / s, seconds: s });
        });
      });
    // Warm up both (JIT, SQLite page cache), then alternate.
    await ceiling('w');
    await batch('w');
    const ceil = [];
    const runs = [];
    for (let r = 0; r < rounds; r++) {
      ceil.push(await ceiling(r));
      runs.push(await batch(r));
    }
    const ceilRps = median(ceil.map((c) => c.rps));
    const batchRps = median(runs.map((b) => b.rps));
    return {
      cases,
      concurrency,
      rounds,
      ceilingRps: ceilRps,
      ceilingP99: median(ceil.map((c) => c.p99)),
      batchRps,
      batchSeconds: median(runs.map((b) => b.seconds)),
      ratio: batchRps / ceilRps,
      target: TARGET,
      ok: batchRps / ceilRps >= TARGET,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printSubmit(r) {
  console.log(`submission throughput: ${r.cases} cases, ${r.concurrency} in flight, median of ${r.rounds} alternating rounds`);
  console.log(`  ratio batch / bare loop: ${fmt(r.ratio, 2)}  (target >= ${r.target}) ${r.ok ? 'MET' : 'NOT MET'}`);
  console.log(`  bare undici keep-alive loop, same cases:  ${fmt(r.ceilingRps)} cases/s, p99 ${fmt(r.ceilingP99)} ms`);
  console.log(`  ic-support case submit --batch:           ${fmt(r.batchRps)} cases/s (${fmt(r.batchSeconds, 2)} s wall, Node start-up included)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  const r = await submitThroughput({ cases: Number(arg('cases', 1000)), rounds: Number(arg('rounds', 2)), concurrency: Number(arg('concurrency', 8)) });
  printSubmit(r);
  process.exitCode = r.ok ? 0 : 1;
}
