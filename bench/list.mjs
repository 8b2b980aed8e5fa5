#!/usr/bin/env node
// Listing benchmark (issues 9 and 16): `ic-support case list --status all --all --json` over 50,000 seeded
// cases, against a bare HTTP loop (undici request, keep-alive) fetching the same pages, in the same
// run and against the same sandbox. Prints the CLI's peak RSS and the time ratio CLI / bare loop.
// Rounds alternate, the first of each pair swapping (A B B A …), with the CPU time of each side
// and of the sandbox, and the load average.
//
//   node bench/list.mjs [--cases 50000] [--rounds 9] [--fresh]
//
// The sandbox runs as its own process; its data directory is kept in the temp folder between
// runs (seeding 50,000 cases takes a while), --fresh starts it again.
//
// A floor beside the target: the bare loop run as its own process, started as the CLI starts
// (undici bundled as the CLI bundles it, loaded through a V8 code cache); then the same, writing
// the JSON array to stdout as the CLI does. The target's loop runs warm inside this process; what separates the
// two is what any new process pays (Node's start, loading undici, code that has not been run
// yet), not the CLI's own work.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { arg, BIN, bundleAsCli, chunkLoader, median, startSandbox } from './lib.mjs';

const CASES = Number(arg('cases', '50000'));
const ROUNDS = Number(arg('rounds', '9'));
const FRESH = process.argv.includes('--fresh');
const LIMIT_MB = 80;
const TARGET = 1.25;

const dataDir = join(tmpdir(), `ic-support-bench-list-${CASES}`);
if (FRESH) rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const t0 = Date.now();
const { child: sandbox, info } = await startSandbox(dataDir, ['--seed-cases', String(CASES)]);
const startMs = Date.now() - t0;
/** CPU milliseconds the sandbox has used (Linux /proc; undefined elsewhere). */
const sandboxCpu = () => {
  try {
    const f = readFileSync(`/proc/${sandbox.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
};
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });
try {
  const session = await request(`${info.url}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: info.demo.email, password: info.demo.password }),
    dispatcher: agent,
  });
  const { token } = await session.body.json();

  // The baseline: the same pages (status=all, 100 a page, following the cursor) with nothing else.
  async function bareLoop() {
    const cpu0 = process.cpuUsage();
    const sb0 = sandboxCpu();
    const t0 = process.hrtime.bigint();
    let cursor = null;
    let count = 0;
    let pages = 0;
    do {
      const url = `${info.url}/api/v1/cases?status=all&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await request(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        dispatcher: agent,
      });
      if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${await res.body.text()}`);
      const page = await res.body.json();
      count += page.cases.length;
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    return {
      ms,
      count,
      pages,
      cpuMs: (cpu.user + cpu.system) / 1000,
      sandboxMs: sb0 === undefined ? undefined : sandboxCpu() - sb0,
    };
  }

  // The floor: the same loop as a new process (see the top of this file).
  const floorDir = join(dataDir, 'floor');
  mkdirSync(floorDir, { recursive: true });
  const loader = chunkLoader(floorDir);
  const floorScript = await bundleAsCli(
    floorDir,
    'loop',
    `import { Agent, request } from 'undici';
export async function go() {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });
  const headers = { authorization: 'Bearer ' + process.env.FLOOR_TOKEN, accept: 'application/json' };
  let cursor = null;
  let n = 0;
  if (process.env.FLOOR_WRITE === '1') process.stdout.write('[');
  do {
    const res = await request(process.env.FLOOR_URL + '/api/v1/cases?status=all&limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''), { headers, dispatcher: agent });
    if (res.statusCode !== 200) throw new Error('GET: ' + res.statusCode);
    const page = await res.body.json();
    cursor = page.nextCursor;
    if (process.env.FLOOR_WRITE !== '1') {
      n += page.cases.length;
      continue;
    }
    let chunk = '';
    for (const c of page.cases) chunk += (n++ === 0 ? '\\n  ' : ',\\n  ') + JSON.stringify(c);
    process.stdout.write(chunk);
  } while (cursor);
  process.stdout.write(process.env.FLOOR_WRITE === '1' ? (n ? '\\n]\\n' : ']\\n') : String(n));
  await agent.close();
}
`,
  );
  function floorLoop(write) {
    return new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const child = spawn(process.execPath, [loader, floorScript], {
        env: { PATH: process.env.PATH, FLOOR_URL: info.url, FLOOR_TOKEN: token, FLOOR_WRITE: write ? '1' : '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const chunks = [];
      let err = '';
      child.stdout.on('data', (d) => chunks.push(d));
      child.stderr.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (code !== 0) return reject(new Error(`the floor loop exited ${code}: ${err}`));
        const out = Buffer.concat(chunks).toString('utf8');
        resolve({ ms, count: write ? JSON.parse(out).length : Number(out) });
      });
    });
  }

  // The CLI as a user runs it, stdout read by this process. Peak RSS: the child's own high-water
  // mark (VmHWM of /proc/self/status), reported by a preloaded hook at exit; getrusage's maxrss
  // only off Linux: Linux folds the memory a child had before exec (a copy of this process, which
  // holds the last run's output) into its maxrss, so that read this process's size, not the CLI's.
  const hook = join(dataDir, 'peak-rss.cjs');
  const peakFile = join(dataDir, 'peak-rss.json');
  writeFileSync(
    hook,
    `process.on('exit', () => { try { const fs = require('node:fs'); const r = process.resourceUsage(); let kb = r.maxRSS; try { kb = Number(/VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]); } catch {} fs.writeFileSync(${JSON.stringify(peakFile)}, JSON.stringify({ maxRssKb: kb, cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000 })); } catch {} });\n`,
  );
  function cli(args = ['--all']) {
    return new Promise((resolve, reject) => {
      rmSync(peakFile, { force: true });
      const sb0 = sandboxCpu();
      const t0 = process.hrtime.bigint();
      const child = spawn(
        process.execPath,
        ['--require', hook, BIN, 'case', 'list', '--status', 'all', ...args, '--json'],
        {
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            IC_SUPPORT_CONFIG_DIR: join(dataDir, 'cli-state'),
            IC_SUPPORT_PORTAL_URL: info.url,
            IC_SUPPORT_TOKEN: token,
            NO_COLOR: '1',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const chunks = [];
      let err = '';
      let hwmKb = 0;
      const poll = setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
        } catch {
          // not Linux, or already gone
        }
      }, 20);
      child.stdout.on('data', (d) => chunks.push(d));
      child.stderr.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => {
        clearInterval(poll);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (code !== 0) return reject(new Error(`the CLI exited ${code}: ${err}`));
        const out = Buffer.concat(chunks);
        const items = JSON.parse(out.toString('utf8'));
        const peak = JSON.parse(readFileSync(peakFile, 'utf8'));
        resolve({
          ms,
          count: items.length,
          bytes: out.length,
          peakMb: peak.maxRssKb / 1024,
          hwmMb: hwmKb / 1024,
          cpuMs: peak.cpuMs,
          sandboxMs: sb0 === undefined ? undefined : sandboxCpu() - sb0,
        });
      });
    });
  }

  // Warm up both paths once (SQLite page cache, JIT), then alternate.
  await bareLoop();
  await cli();
  await floorLoop(false);
  await floorLoop(true);
  const bare = [];
  const runs = [];
  const ones = [];
  const floors = [];
  const quietFloors = [];
  const load = [loadavg()[0]];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      bare.push(await bareLoop());
      runs.push(await cli());
    } else {
      runs.push(await cli());
      bare.push(await bareLoop());
    }
    // The fixed cost of any listing: Node start-up, modules, config, one request.
    ones.push(await cli(['--limit', '1']));
    quietFloors.push(await floorLoop(false));
    floors.push(await floorLoop(true));
  }
  load.push(loadavg()[0]);
  const expected = bare[0].count;
  for (const r of runs)
    if (r.count !== expected) throw new Error(`the CLI listed ${r.count} cases, the bare loop ${expected}`);
  for (const r of [...floors, ...quietFloors])
    if (r.count !== expected) throw new Error(`the floor loop listed ${r.count} cases, the bare loop ${expected}`);

  const bareMs = median(bare.map((b) => b.ms));
  const cliMs = median(runs.map((r) => r.ms));
  const peakMb = Math.max(...runs.map((r) => r.peakMb));
  const f = (n, d = 0) => n.toFixed(d);
  console.log(
    `case list --all --json over ${expected} cases (${bare[0].pages} pages of 100), ${ROUNDS} alternating rounds, median (load ${load.map((l) => l.toFixed(1)).join(' -> ')})`,
  );
  console.log(
    `  machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(`  sandbox start (seeding included when new): ${f(startMs)} ms`);
  const cpu = (xs) =>
    `CPU ${f(median(xs.map((x) => x.cpuMs)))} ms${xs.some((x) => x.sandboxMs === undefined) ? '' : `, the sandbox ${f(median(xs.map((x) => x.sandboxMs)))} ms`}`;
  console.log(
    `  bare HTTP loop (undici, keep-alive):  ${f(bareMs)} ms  (${f((expected / bareMs) * 1000)} cases/s; ${cpu(bare)})`,
  );
  console.log(
    `  ic-support case list --all --json:    ${f(cliMs)} ms  (${f((expected / cliMs) * 1000)} cases/s, ${f(runs[0].bytes / 1024 / 1024, 1)} MiB of JSON; ${cpu(runs)})`,
  );
  const oneMs = median(ones.map((r) => r.ms));
  // Each round's two runs saw the same load: the median of their ratios, not the ratio of medians
  // taken from different rounds.
  const ratio = median(runs.map((r, i) => r.ms / bare[i].ms));
  const ratioOk = ratio <= TARGET;
  console.log(
    `  ratio CLI / bare loop (median of the rounds'): ${ratio.toFixed(2)}x  (CLI time includes Node start-up; target <= ${TARGET}x) ${ratioOk ? 'MET' : 'NOT MET'}; by round ${runs.map((r, i) => (r.ms / bare[i].ms).toFixed(2)).join(' ')}; ratio of the medians ${(cliMs / bareMs).toFixed(2)}x`,
  );
  console.log(
    `  fixed cost, case list --limit 1 --json: ${f(oneMs)} ms, peak RSS ${f(Math.max(...ones.map((r) => r.peakMb)), 1)} MB`,
  );
  console.log(`  ratio without the fixed cost ((CLI - fixed) / bare loop): ${((cliMs - oneMs) / bareMs).toFixed(2)}x`);
  const quietMs = median(quietFloors.map((r) => r.ms));
  const floorMs = median(floors.map((r) => r.ms));
  console.log(
    `  floor, the bare loop as a new process (undici bundled, code cache): ${f(quietMs)} ms, ${(quietMs / bareMs).toFixed(2)}x the bare loop`,
  );
  console.log(
    `    + the JSON array written as the CLI writes it: ${f(floorMs)} ms, ${(floorMs / bareMs).toFixed(2)}x the bare loop; the CLI is ${(cliMs / floorMs).toFixed(2)}x this floor`,
  );
  console.log(
    `  CLI peak RSS: ${f(peakMb, 1)} MB (its VmHWM at exit; polled from here: ${f(Math.max(...runs.map((r) => r.hwmMb)), 1)} MB); target <= ${LIMIT_MB} MB: ${peakMb <= LIMIT_MB ? 'MET' : 'NOT MET'}`,
  );
  process.exitCode = peakMb <= LIMIT_MB && ratioOk ? 0 : 1;
} finally {
  await agent.close();
  sandbox.kill('SIGTERM');
}
