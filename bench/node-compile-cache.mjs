// module.enableCompileCache() (Node 22+) against the CLI's own V8 code cache (src/cli/compile-cache.ts),
// for `case list` cold (no cache yet) and warm, on the newest Node 22 and 24 (issue 27 §7), each
// against `node -e 0` of its line, alternating. Node's cache can only take the chunks when Node's
// loader compiles them, and the shipped build packs chunks for the CLI's own loader
// (scripts/build.mjs); so an unpacked build (IC_SUPPORT_BUILD_SOURCEMAP=1, into a temporary folder)
// is run through a small entry that either keeps the CLI's loader (its V8 cache) or puts Node's
// back after the CLI installed its own (Node's cache, or none), beside the shipped build.
//
//   node bench/node-compile-cache.mjs [runs, default 9]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, cleanEnv, machine, median, startSandbox, warmSandbox } from './lib.mjs';
import { LINES, nodeBinary } from '../scripts/node-lines.mjs';

const runs = Number(process.argv[2] ?? 9);
const dir = mkdtempSync(join(tmpdir(), 'ic-support-bench-compile-cache-'));
const build = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], {
  env: { ...process.env, IC_SUPPORT_BUILD_OUT: join(dir, 'dist'), IC_SUPPORT_BUILD_SOURCEMAP: '1' },
  stdio: 'inherit',
});
if (build.status !== 0) throw new Error('the unpacked build failed');
const SHIM = join(dir, 'entry.cjs');
writeFileSync(
  SHIM,
  `const Module = require('module');
const nodeCache = process.env.BENCH_NODE_CACHE;
if (nodeCache) Module.enableCompileCache(nodeCache);
const original = Module.prototype._compile;
require('./dist/cli.js').main(process.argv.slice(2));
// The CLI's loader is installed synchronously by main(); its chunks load after this line.
if (nodeCache || process.env.BENCH_NO_CACHE) Module.prototype._compile = original;
`,
);
const { child, info } = await startSandbox(join(dir, 'sb'));
try {
  await warmSandbox(info, 100);
  const out = [];
  for (const v of [LINES.newest22, LINES.newest24]) {
    const node = nodeBinary(v);
    const state = join(dir, `s-${v}`);
    const env = cleanEnv({ IC_SUPPORT_CONFIG_DIR: state });
    const once = (a, input) => {
      const r = spawnSync(node, [BIN, ...a], { env, input, encoding: 'utf8' });
      if (r.status) throw new Error(r.stderr);
    };
    once(['config', 'set', 'portalUrl', info.url]);
    once(['login', '--email', info.demo.email, '--password-stdin'], info.demo.password);
    const ncache = join(dir, `n-${v}`);
    const modes = {
      'packed, V8 cache (as shipped)': { argv: [BIN], env: {} },
      'unpacked, V8 cache': { argv: [SHIM], env: {} },
      'unpacked, enableCompileCache': { argv: [SHIM], env: { BENCH_NODE_CACHE: ncache } },
      'unpacked, no cache': { argv: [SHIM], env: { BENCH_NO_CACHE: '1' } },
    };
    const t = (argv, e, cold) => {
      if (cold) {
        rmSync(join(state, 'cache'), { recursive: true, force: true });
        rmSync(ncache, { recursive: true, force: true });
      }
      const t0 = process.hrtime.bigint();
      const r = spawnSync(node, argv, { env: { ...env, ...e }, stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.status !== 0 && argv[0] !== '-e') throw new Error(`${argv} ${r.stderr}`);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const s = new Map();
    for (let i = -2; i < runs; i++) {
      const b = t(['-e', '0'], {});
      if (i >= 0) s.set('base', [...(s.get('base') ?? []), b]);
      for (const [name, m] of Object.entries(modes))
        for (const cold of [false, true]) {
          const ms = t([...m.argv, 'case', 'list'], m.env, cold);
          if (i >= 0)
            s.set(`${name} ${cold ? 'cold' : 'warm'}`, [...(s.get(`${name} ${cold ? 'cold' : 'warm'}`) ?? []), ms]);
          if (cold) t([...m.argv, 'case', 'list'], m.env, false); // re-warm for the next warm sample
        }
    }
    const base = median(s.get('base'));
    out.push(`Node ${v}: node -e 0 ${base.toFixed(0)} ms`);
    for (const [k, xs] of s)
      if (k !== 'base')
        out.push(`  case list ${k.padEnd(42)} ${(median(xs) / base).toFixed(2)}x (${median(xs).toFixed(0)} ms)`);
  }
  console.log(
    `machine: ${machine()}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; median of ${runs} alternating rounds`,
  );
  console.log(out.join('\n'));
} finally {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
