// Start-up: median wall time of `ic-support --version`, `--help` and a catalog command, each
// against `node -e 0` measured in the same run, alternating so that machine noise hits both.
// NODE_EXTRA_CA_CERTS is unset for both: it adds ~50 ms to every Node start here.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/ic-support.cjs', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
// A clean environment: no state or token of the developer's, no CA bundle.
const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS;

function time(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const cases = [
  { name: '--version', args: [BIN, '--version'], target: 1.3 },
  { name: '--help', args: [BIN, '--help'], target: 1.6 },
  { name: 'case fields application-issue', args: [BIN, 'case', 'fields', 'application-issue'], target: 2.0 },
];

export function startup() {
  for (let i = 0; i < 3; i++) for (const c of cases) time(c.args); // warm the file cache
  const results = [];
  for (const c of cases) {
    const base = [];
    const ours = [];
    for (let i = 0; i < RUNS; i++) {
      base.push(time(['-e', '0']));
      ours.push(time(c.args));
    }
    const b = median(base);
    const o = median(ours);
    results.push({ name: c.name, baselineMs: b, ms: o, ratio: o / b, target: c.target, ok: o / b <= c.target });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`start-up, median of ${RUNS} alternating runs each, against node -e 0`);
  for (const r of startup()) {
    console.log(`  ${r.name.padEnd(32)} ${r.ratio.toFixed(2)}x  (${r.ms.toFixed(1)} ms vs ${r.baselineMs.toFixed(1)} ms; target <= ${r.target}x) ${r.ok ? 'ok' : 'OVER'}`);
  }
}
