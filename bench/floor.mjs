#!/usr/bin/env node
// The floor under the one-request commands (issue 16 asks, for a target that cannot be met, for
// "the measured floor and what stands in the way, with numbers"). The GET /api/v1/me that
// `whoami` sends, done by:
//   1. a script with node:http alone (no package);
//   2. undici alone, bundled as the CLI bundles it (scripts/bundle/plugins.mjs) and loaded through
//      a V8 code cache as the CLI loads its chunks, with the CLI's dispatcher settings;
//   3. the same, with the answer checked as the CLI checks it (src/portal/parse-answer.ts: the parser zod
//      compiled from the schema at build time; the zod runtime only for an answer it refuses);
//   4. `ic-support whoami` (token from IC_SUPPORT_TOKEN, so no credentials file is read);
// each against `node -e 0` in the same run, alternating, median of N runs; peak RSS from separate
// runs. No targets here: these are the floors the targets of bench/startup.mjs stand on.
//
//   node bench/floor.mjs [--runs 25]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BIN,
  ROOT,
  bundleAsCli,
  chunkLoader,
  cleanEnv,
  machine,
  median,
  peakRssHook,
  signIn,
  startSandbox,
  warmSandbox,
} from './lib.mjs';

const i = process.argv.indexOf('--runs');
const RUNS = Number(i > 0 ? process.argv[i + 1] : (process.env.BENCH_RUNS ?? 25));

const dir = mkdtempSync(join(tmpdir(), 'ic-support-bench-floor-'));
const file = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const loader = chunkLoader(dir);

const fetchWithUndici = (check) => `
import { Agent, request } from 'undici';
${check ? `import { parseAnswer } from ${JSON.stringify(join(ROOT, 'src/portal/parse-answer.ts'))};` : ''}
export async function go() {
  const dispatcher = new Agent({ connect: { timeout: 10_000 }, keepAliveTimeout: 10_000, connections: 8, maxHeaderSize: 16 * 1024 });
  const r = await request(process.env.FLOOR_URL, { dispatcher, headers: { authorization: 'Bearer ' + process.env.FLOOR_TOKEN } });
  const body = JSON.parse(await r.body.text());
  ${check ? "if (!(await parseAnswer('meSchema', body)).success) process.exitCode = 1;" : ''}
  if (r.statusCode !== 200) process.exitCode = 1;
  await dispatcher.close();
}
`;

const bundle = (name, source) => bundleAsCli(dir, name, source);

const { child, info } = await startSandbox(join(dir, 'sandbox'));
try {
  await warmSandbox(info);
  const token = await signIn(info);
  // The state folder exists, as a user's does after `config set` or `login`: the CLI keeps its
  // code cache there, and never creates the folder for that alone.
  mkdirSync(join(dir, 'state'), { mode: 0o700 });
  const env = cleanEnv({
    FLOOR_URL: `${info.url}/api/v1/me`,
    FLOOR_TOKEN: token,
    IC_SUPPORT_CONFIG_DIR: join(dir, 'state'),
    IC_SUPPORT_PORTAL_URL: info.url,
    IC_SUPPORT_TOKEN: token,
  });
  const http = file(
    'http.cjs',
    `require('node:http').get(process.env.FLOOR_URL, { headers: { authorization: 'Bearer ' + process.env.FLOOR_TOKEN } }, (res) => {
  let b = ''; res.setEncoding('utf8'); res.on('data', (d) => (b += d)); res.on('end', () => { JSON.parse(b); if (res.statusCode !== 200) process.exitCode = 1; });
});`,
  );
  const rows = [
    { name: 'node -e 0', argv: ['-e', '0'] },
    { name: 'node:http, one GET', argv: [http] },
    { name: 'undici (bundled), one GET', argv: [loader, await bundle('undici', fetchWithUndici(false))] },
    {
      name: '  + the answer checked as the CLI does',
      argv: [loader, await bundle('undici-zod', fetchWithUndici(true))],
    },
    { name: 'ic-support whoami', argv: [BIN, 'whoami'] },
  ];
  const timed = (argv) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  // Warm the file cache and every code cache; check that each works.
  for (let k = 0; k < 3; k++) for (const r of rows) timed(r.argv);
  const times = rows.map(() => []);
  for (let k = 0; k < RUNS; k++) rows.forEach((r, j) => times[j].push(timed(r.argv)));
  const hook = file('peak.cjs', peakRssHook(join(dir, 'peak.txt')));
  const peak = (argv) => {
    let most = 0;
    for (let k = 0; k < 5; k++) {
      timed(['--require', hook, ...argv]);
      most = Math.max(most, Number(readFileSync(join(dir, 'peak.txt'), 'utf8')) / 1024);
    }
    return most;
  };

  console.log(`floor of a one-request command — ${new Date().toISOString()}`);
  console.log(
    `machine: ${machine()}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `GET /api/v1/me against a running sandbox; median of ${RUNS} alternating runs; peak RSS the most of 5 runs`,
  );
  const base = median(times[0]);
  let prev = base;
  rows.forEach((r, j) => {
    const ms = median(times[j]);
    const step = j > 0 ? `  (+${(ms - prev).toFixed(1)} ms on the row above)` : '';
    console.log(
      `  ${r.name.padEnd(30)} ${(ms / base).toFixed(2)}x  ${ms.toFixed(1).padStart(6)} ms  peak RSS ${peak(r.argv).toFixed(1)} MB${step}`,
    );
    prev = ms;
  });
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
