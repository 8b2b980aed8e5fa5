// Start-up and one-request commands: median wall time of each command against `node -e 0` measured
// in the same run, alternating so that machine noise hits both. The portal commands talk to a
// sandbox started once and warmed, before anything is timed, and signed in as a stored profile (config.json
// and credentials.json, as a user has them). NODE_EXTRA_CA_CERTS is unset for all: it adds ~50 ms
// to every Node start here. Peak RSS (the child's own high-water mark) is measured in separate, untimed runs.
//
//   node bench/startup.mjs [--runs 25] [--only "case list,whoami"]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, BIN, caseBody, cleanEnv, median, peakRssHook, startSandbox, warmSandbox } from './lib.mjs';

/** name, arguments, target ratio, and (optional) a peak RSS target in MB. */
const COMMANDS = [
  { name: '--version', args: ['--version'], target: 1.3 },
  { name: '--help', args: ['--help'], target: 1.6 },
  { name: 'case fields application-issue', args: ['case', 'fields', 'application-issue'], target: 2.0 },
  { name: 'case validate <file>', args: ['case', 'validate', '{file}'], target: 2.0 },
  { name: 'notifications --check', args: ['notifications', '--check'], target: 3.0, codes: [0, 11, 12], rssMb: 60 },
  { name: 'case list', args: ['case', 'list'], target: 3.0 },
  { name: 'case show 1001', args: ['case', 'show', '1001'], target: 3.0 },
  { name: 'whoami', args: ['whoami'], target: 3.0 },
  { name: 'case submit --from-file', args: ['case', 'submit', '--from-file', '{new}'], target: 4.0 },
];

function timed(argv, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: r.status, stderr: String(r.stderr) };
}

export async function startup({ runs = Number(process.env.BENCH_RUNS ?? 25), only } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ic-support-bench-startup-'));
  const { child, info } = await startSandbox(join(dir, 'sandbox'));
  try {
    const state = join(dir, 'state');
    const env = cleanEnv({ IC_SUPPORT_CONFIG_DIR: state });
    const once = (args, input) => {
      const r = spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`ic-support ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    };
    // A portal that has been running (bench/lib.mjs warmSandbox); a stored profile, as after
    // `config set` and `login`; none of it is timed.
    await warmSandbox(info);
    once(['config', 'set', 'portalUrl', info.url]);
    once(['login', '--email', info.demo.email, '--password-stdin'], info.demo.password);
    const caseFile = (i) => {
      const file = join(dir, `case-${i}.json`);
      writeFileSync(file, JSON.stringify(caseBody(`STARTUP${process.pid}`, i)));
      return file;
    };
    const validFile = caseFile('valid');
    let n = 0;
    const argvOf = (c) => [BIN, ...c.args.map((a) => (a === '{file}' ? validFile : a === '{new}' ? caseFile(n++) : a))];

    const chosen = only ? COMMANDS.filter((c) => only.includes(c.name)) : COMMANDS;
    // Warm the file cache and the CLI's code cache, and check that each command works.
    for (let i = 0; i < 3; i++) {
      timed(['-e', '0'], env);
      for (const c of chosen) {
        const r = timed(argvOf(c), env);
        if (!(c.codes ?? [0]).includes(r.status))
          throw new Error(`ic-support ${c.args.join(' ')} exited ${r.status}: ${r.stderr}`);
      }
    }
    const results = [];
    for (const c of chosen) {
      const base = [];
      const ours = [];
      for (let i = 0; i < runs; i++) {
        base.push(timed(['-e', '0'], env).ms);
        ours.push(timed(argvOf(c), env).ms);
      }
      const b = median(base);
      const o = median(ours);
      const result = { name: c.name, baselineMs: b, ms: o, ratio: o / b, target: c.target, ok: o / b <= c.target };
      if (c.rssMb) {
        const peaks = [];
        const hook = join(dir, 'peak-rss.cjs');
        const out = join(dir, 'peak-rss.txt');
        writeFileSync(hook, peakRssHook(out));
        for (let i = 0; i < 5; i++) {
          timed(['--require', hook, ...argvOf(c)], env);
          peaks.push(Number(readFileSync(out, 'utf8')) / 1024);
        }
        Object.assign(result, { rssMb: Math.max(...peaks), rssTarget: c.rssMb, rssOk: Math.max(...peaks) <= c.rssMb });
      }
      results.push(result);
    }
    return results;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printStartup(results, runs) {
  console.log(
    `start-up and one-request commands, median of ${runs} alternating runs each, against node -e 0 (NODE_EXTRA_CA_CERTS unset for both)`,
  );
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(32)} ${r.ratio.toFixed(2)}x  (${r.ms.toFixed(1)} ms vs ${r.baselineMs.toFixed(1)} ms; target <= ${r.target}x) ${r.ok ? 'MET' : 'NOT MET'}`,
    );
    if (r.rssMb !== undefined)
      console.log(
        `  ${''.padEnd(32)} peak RSS ${r.rssMb.toFixed(1)} MB (target <= ${r.rssTarget} MB) ${r.rssOk ? 'MET' : 'NOT MET'}`,
      );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(arg('runs', process.env.BENCH_RUNS ?? 25));
  const only = arg('only', undefined)?.split(',');
  printStartup(await startup({ runs, only }), runs);
}
