#!/usr/bin/env node
// Submission throughput (issues 9 and 16): 1,000 cases in one `ic-support case submit --batch` run
// against a sandbox child process, against a bare undici keep-alive loop in this process posting
// the same 1,000 cases (POST /api/v1/cases, a distinct Idempotency-Key and body each) with the same
// concurrency, in the same run. Rounds alternate, the first of each pair swapping (A B B A …) so
// that a drift of the machine's load weighs on both alike; medians are reported, with the CPU
// time each side used (the batch's getrusage, the loop's process.cpuUsage) and the sandbox's.
// Both run warm: the loop in this process after a warm-up round, the batch with the state folder
// its warm-up run left (its V8 code cache and cached catalog, as a user's second batch finds them).
// A third row in the same rounds, no target: the floor (bench/floor-batch.mjs), a bundled script
// that does only the work a batch must do, with the packages the CLI must use; what it reaches
// against the bare loop is what those packages and a Node start allow.
//
//   node bench/submit.mjs [--cases 1000] [--rounds 9] [--concurrency 8]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { apiBody, arg, BIN, caseBody, cleanEnv, fmt, machine, median, signIn, startSandbox } from './lib.mjs';
import { buildFloorBatch } from './floor-batch.mjs';

const TARGET = 0.8;

/** CPU milliseconds a process has used (Linux /proc; undefined elsewhere). */
function processCpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

export async function submitThroughput({ cases = 1000, rounds = 9, concurrency = 8 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ic-support-bench-submit-'));
  const { child, info } = await startSandbox(join(dir, 'sandbox'));
  const sandboxCpu = () => processCpuMs(child.pid);
  // The batch's own CPU time, written by a preloaded hook when it exits.
  const hook = join(dir, 'cpu.cjs');
  const cpuFile = join(dir, 'cpu.json');
  writeFileSync(
    hook,
    `process.on('exit', () => { const r = process.resourceUsage(); require('node:fs').writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify({ cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000 })); });\n`,
  );
  try {
    const token = await signIn(info);
    // The baseline: as many workers as the batch keeps in flight, over one keep-alive pool.
    const ceiling = async (round) => {
      const agent = new Agent({ connections: concurrency, keepAliveTimeout: 30_000 });
      let next = 0;
      const latencies = [];
      const cpu0 = process.cpuUsage();
      const sb0 = sandboxCpu();
      const t0 = process.hrtime.bigint();
      const worker = async () => {
        while (next < cases) {
          const i = next++;
          const s0 = process.hrtime.bigint();
          const res = await request(`${info.url}/api/v1/cases`, {
            method: 'POST',
            dispatcher: agent,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'idempotency-key': randomUUID(),
            },
            body: JSON.stringify(apiBody(`LOOP${round}`, i)),
          });
          await res.body.text();
          if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`bare loop: ${res.statusCode}`);
          latencies.push(Number(process.hrtime.bigint() - s0) / 1e6);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      const sandboxMs = sb0 === undefined ? undefined : sandboxCpu() - sb0;
      await agent.close();
      latencies.sort((a, b) => a - b);
      return {
        rps: cases / seconds,
        seconds,
        p99: latencies[Math.floor(latencies.length * 0.99)],
        cpuMs: (cpu.user + cpu.system) / 1000,
        sandboxMs,
      };
    };
    const floorArgv = await buildFloorBatch(dir);
    // The batch (`floor` false) or the floor, each with its own cases: every case is filed.
    const batch = (round, floor = false) =>
      new Promise((resolve, reject) => {
        const tag = `${floor ? 'FLOOR' : 'BATCH'}${round}`;
        const file = join(dir, `${tag}.ndjson`);
        writeFileSync(
          file,
          `${Array.from({ length: cases }, (_, i) => JSON.stringify(caseBody(tag, i))).join('\n')}\n`,
        );
        const sb0 = sandboxCpu();
        const t0 = process.hrtime.bigint();
        const argv = floor
          ? floorArgv
          : [BIN, 'case', 'submit', '--batch', file, '--json', '--concurrency', String(concurrency)];
        const c = spawn(process.execPath, ['--require', hook, ...argv], {
          env: cleanEnv(
            floor
              ? { FLOOR_FILE: file, FLOOR_URL: info.url, FLOOR_TOKEN: token, FLOOR_CONCURRENCY: String(concurrency) }
              : { IC_SUPPORT_CONFIG_DIR: join(dir, 'state'), IC_SUPPORT_PORTAL_URL: info.url, IC_SUPPORT_TOKEN: token },
          ),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let lines = 0;
        let err = '';
        c.stdout.on('data', (d) => (lines += String(d).split('\n').length - 1));
        c.stderr.on('data', (d) => (err += d));
        c.on('close', (code) => {
          const s = Number(process.hrtime.bigint() - t0) / 1e9;
          const sandboxMs = sb0 === undefined ? undefined : sandboxCpu() - sb0;
          if (code !== 0 || lines !== cases || !err.includes(`${cases} cases: ${cases} filed`))
            return reject(new Error(`the ${floor ? 'floor' : 'batch'} exited ${code} with ${lines} lines: ${err}`));
          resolve({ rps: cases / s, seconds: s, cpuMs: JSON.parse(readFileSync(cpuFile, 'utf8')).cpuMs, sandboxMs });
        });
      });
    // Warm up all three (JIT, SQLite page cache, the code caches), then alternate: the loop, the
    // batch and the floor in turn, each round starting one further along (and every other one
    // backwards), so that each comes first, last and between alike.
    await ceiling('w');
    await batch('w');
    await batch('w', true);
    const ceil = [];
    const runs = [];
    const floors = [];
    const load = [loadavg()[0]];
    const steps = [
      async (r) => ceil.push(await ceiling(r)),
      async (r) => runs.push(await batch(r)),
      async (r) => floors.push(await batch(r, true)),
    ];
    for (let r = 0; r < rounds; r++) {
      const order = [0, 1, 2].map((k) => (k + r) % 3);
      if (r % 2) order.reverse();
      for (const k of order) await steps[k](r);
    }
    load.push(loadavg()[0]);
    const cpuMedian = (xs) => (xs.some((x) => x === undefined) ? undefined : median(xs));
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
      ceilingCpuMs: median(ceil.map((c) => c.cpuMs)),
      batchCpuMs: median(runs.map((b) => b.cpuMs)),
      ceilingSandboxMs: cpuMedian(ceil.map((c) => c.sandboxMs)),
      batchSandboxMs: cpuMedian(runs.map((b) => b.sandboxMs)),
      perRound: runs.map((b, i) => b.rps / ceil[i].rps),
      floorRps: median(floors.map((b) => b.rps)),
      floorSeconds: median(floors.map((b) => b.seconds)),
      floorCpuMs: median(floors.map((b) => b.cpuMs)),
      floorSandboxMs: cpuMedian(floors.map((b) => b.sandboxMs)),
      floorRatio: median(floors.map((b, i) => b.rps / ceil[i].rps)),
      floorPerRound: floors.map((b, i) => b.rps / ceil[i].rps),
      load,
      // Each round's two runs saw the same load: the median of their ratios, not the ratio of
      // medians taken from different rounds.
      ratio: median(runs.map((b, i) => b.rps / ceil[i].rps)),
      ratioOfMedians: batchRps / ceilRps,
      target: TARGET,
      ok: median(runs.map((b, i) => b.rps / ceil[i].rps)) >= TARGET,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printSubmit(r) {
  const sb = (ms) => (ms === undefined ? '' : `; the sandbox ${fmt(ms)} ms`);
  console.log(
    `submission throughput: ${r.cases} cases, ${r.concurrency} in flight, median of ${r.rounds} alternating rounds (load ${r.load.map((l) => fmt(l, 1)).join(' -> ')})`,
  );
  console.log(
    `  ratio batch / bare loop (median of the rounds'): ${fmt(r.ratio, 2)}  (target >= ${r.target}) ${r.ok ? 'MET' : 'NOT MET'}; by round ${r.perRound.map((x) => fmt(x, 2)).join(' ')}; ratio of the medians ${fmt(r.ratioOfMedians, 2)}`,
  );
  console.log(
    `  bare undici keep-alive loop, same cases:  ${fmt(r.ceilingRps)} cases/s, p99 ${fmt(r.ceilingP99)} ms; CPU ${fmt(r.ceilingCpuMs)} ms${sb(r.ceilingSandboxMs)}`,
  );
  console.log(
    `  ic-support case submit --batch:           ${fmt(r.batchRps)} cases/s (${fmt(r.batchSeconds, 2)} s wall, Node start-up included); CPU ${fmt(r.batchCpuMs)} ms${sb(r.batchSandboxMs)}`,
  );
  console.log(
    `  floor (bench/floor-batch.mjs), no target: ${fmt(r.floorRps)} cases/s (${fmt(r.floorSeconds, 2)} s wall); CPU ${fmt(r.floorCpuMs)} ms${sb(r.floorSandboxMs)}; ratio floor / bare loop ${fmt(r.floorRatio, 2)}, by round ${r.floorPerRound.map((x) => fmt(x, 2)).join(' ')}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  const r = await submitThroughput({
    cases: Number(arg('cases', 1000)),
    rounds: Number(arg('rounds', 9)),
    concurrency: Number(arg('concurrency', 8)),
  });
  printSubmit(r);
  process.exitCode = r.ok ? 0 : 1;
}
