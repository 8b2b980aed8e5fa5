#!/usr/bin/env node
// Incremental following (issue 29 §9): `ic-support case watch` over 50,000 seeded cases of which 3
// changed since the last run, with updatedSince (after) against two baselines measured in the same
// run and against the same sandbox:
//   full     `case list --status all --all --json number`: listing every case, what a watch that
//            re-lists everything would pay each run (the issue's "before");
//   ignored  `case watch` against a portal that ignores updatedSince (a relay drops it): the
//            client's own fallback, which reads newest change first and stops at the first case
//            older than its mark — what `case watch` did before updatedSince.
// Each round makes 3 cases change (a vendor comment each, through the admin API), then runs the
// three commands in an order that alternates, each with its own state folder. All three go through
// the same kind of relay in this process, which counts requests and bytes answered.
//
//   node bench/watch.mjs [--cases 50000] [--rounds 7] [--fresh]
//
// Needs the build (npm run build). The sandbox's data directory is kept in the temp folder between
// runs (seeding 50,000 cases takes a while); --fresh starts it again.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { arg, BIN, cleanEnv, machine, median, signIn, startSandbox } from './lib.mjs';

const CASES = Number(arg('cases', '50000'));
const ROUNDS = Number(arg('rounds', '7'));
const CHANGED = 3;

const dataDir = join(tmpdir(), `ic-support-bench-watch-${CASES}`);
if (process.argv.includes('--fresh')) rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

/** A relay to the sandbox that counts what it carries; `drop` names a query parameter it removes. */
function relay(upstream, drop) {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 8 });
  const counts = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://relay.invalid');
    if (drop) target.searchParams.delete(drop);
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    request(`${upstream}${target.pathname}${target.search}`, { method: req.method, headers, dispatcher: agent })
      .then(async (up) => {
        const body = Buffer.from(await up.body.arrayBuffer());
        counts.requests++;
        counts.bytes += body.length;
        const out = {};
        for (const [k, v] of Object.entries(up.headers))
          if (typeof v === 'string' && !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k))
            out[k] = v;
        res.writeHead(up.statusCode, out);
        res.end(body);
      })
      .catch((e) => {
        res.writeHead(502);
        res.end(String(e));
      });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        counts,
        close: async () => {
          server.closeAllConnections();
          await new Promise((r) => server.close(r));
          await agent.close();
        },
      }),
    ),
  );
}

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
  });
}

export async function watchBench() {
  const t0 = Date.now();
  // No request quota in the way: the bench measures the work, not the sandbox's limits.
  const { child: sandbox, info } = await startSandbox(dataDir, ['--seed-cases', String(CASES)]);
  const startMs = Date.now() - t0;
  const token = await signIn(info);
  /** CPU milliseconds the sandbox has used (Linux /proc, a 10 ms resolution; undefined elsewhere): the portal's side. */
  const sandboxCpu = () => {
    try {
      const f = readFileSync(`/proc/${sandbox.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      return undefined;
    }
  };
  const direct = await relay(info.url);
  const ignoring = await relay(info.url, 'updatedSince');
  const kinds = {
    full: { relay: direct, args: ['case', 'list', '--status', 'all', '--all', '--json', 'number'], expect: 0 },
    ignored: { relay: ignoring, args: ['case', 'watch', '--json'], expect: 10 },
    after: { relay: direct, args: ['case', 'watch', '--json'], expect: 10 },
  };
  const env = (name) =>
    cleanEnv({
      IC_SUPPORT_CONFIG_DIR: join(dataDir, `state-${name}-${process.pid}`),
      IC_SUPPORT_PORTAL_URL: kinds[name].relay.url,
      IC_SUPPORT_TOKEN: token,
    });
  const results = { full: [], ignored: [], after: [] };
  try {
    // The watches' first runs record their baselines (every open case), untimed.
    for (const name of ['ignored', 'after']) {
      const r = await runCli(kinds[name].args, env(name));
      if (r.code !== 0) throw new Error(`baseline of ${name}: exit ${r.code}: ${r.err}`);
    }
    const open = (
      await request(`${info.url}/api/v1/cases?status=open&limit=100`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((r) => r.body.json())
    ).cases.map((c) => c.number);
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < CHANGED; i++) {
        const n = open[(round * CHANGED + i) % open.length];
        const r = await request(`${info.url}/sandbox/v1/cases/${n}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sandbox-admin': info.adminKey },
          body: JSON.stringify({ body: `Round ${round + 1}: a question from Support (${i + 1}).` }),
        });
        if (r.statusCode !== 201) throw new Error(`vendor comment on ${n}: ${r.statusCode} ${await r.body.text()}`);
        await r.body.dump();
      }
      const order = round % 2 ? ['after', 'ignored', 'full'] : ['full', 'ignored', 'after'];
      for (const name of order) {
        const k = kinds[name];
        const before = { ...k.relay.counts };
        const cpu0 = sandboxCpu();
        const r = await runCli(k.args, env(name));
        const cpu1 = sandboxCpu();
        if (r.code !== k.expect) throw new Error(`${name}: exit ${r.code}, not ${k.expect}: ${r.err}`);
        if (name !== 'full' && r.out.trim().split('\n').length !== CHANGED)
          throw new Error(`${name}: ${r.out.trim().split('\n').length} events, not ${CHANGED}`);
        results[name].push({
          ms: r.ms,
          requests: k.relay.counts.requests - before.requests,
          bytes: k.relay.counts.bytes - before.bytes,
          sandboxMs: cpu0 === undefined || cpu1 === undefined ? NaN : cpu1 - cpu0,
        });
      }
    }
  } finally {
    await direct.close();
    await ignoring.close();
    sandbox.kill('SIGTERM');
  }
  const summary = (name) => ({
    ms: median(results[name].map((x) => x.ms)),
    requests: median(results[name].map((x) => x.requests)),
    kib: median(results[name].map((x) => x.bytes)) / 1024,
    sandboxMs: median(results[name].map((x) => x.sandboxMs)),
  });
  const runs = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.map((x) => Math.round(x.ms))]));
  return { startMs, runs, full: summary('full'), ignored: summary('ignored'), after: summary('after') };
}

export function printWatch(r) {
  const line = (label, s) =>
    `  ${label.padEnd(48)} ${s.ms.toFixed(0).padStart(6)} ms  ${String(s.requests).padStart(4)} requests  ${s.kib.toFixed(1).padStart(8)} KiB  sandbox CPU ${Number.isNaN(s.sandboxMs) ? '?' : `${s.sandboxMs.toFixed(0)} ms`}`;
  console.log(
    `case watch over ${CASES.toLocaleString('en-US')} cases, ${CHANGED} changed a run (bench/watch.mjs, ${ROUNDS} rounds, medians; sandbox ready in ${r.startMs} ms)`,
  );
  console.log(line('before: case list --all (every case)', r.full));
  console.log(line('before: case watch, portal ignores updatedSince', r.ignored));
  console.log(line('after: case watch with updatedSince', r.after));
  for (const [k, v] of Object.entries(r.runs)) console.log(`  runs (ms), ${k}: ${v.join(' ')}`);
  console.log(`  ratio after / every case listed:          ${(r.after.ms / r.full.ms).toFixed(3)}`);
  console.log(`  ratio after / watch without updatedSince: ${(r.after.ms / r.ignored.ms).toFixed(3)}`);
  if (!Number.isNaN(r.ignored.sandboxMs) && r.ignored.sandboxMs > 0)
    console.log(
      `  sandbox CPU after / without updatedSince:  ${(r.after.sandboxMs / r.ignored.sandboxMs).toFixed(3)} (a 10 ms resolution)`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(
    `machine: ${machine()}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  printWatch(await watchBench());
}
