#!/usr/bin/env node
// `npm run bench`: every benchmark (issues 9 and 16), each printing its ratio against a baseline measured
// in the same run, then its figures. Not part of `npm test` (numbers, not assertions). Run it on a
// quiet machine: other processes move both sides of a ratio, but not equally.
//
//   npm run bench [-- --only startup,floor,lines,submit,list,watch,sandbox,help,executable]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { machine } from './lib.mjs';
import { printStartup, startup } from './startup.mjs';
import { printSubmit, submitThroughput } from './submit.mjs';
import { printSandbox, sandboxLoad } from './sandbox.mjs';
import { nodeLines, printNodeLines } from './node-lines.mjs';
import { printSubmitHelp, submitHelp } from './submit-help.mjs';

const i = process.argv.indexOf('--only');
const only =
  i > 0
    ? process.argv[i + 1].split(',')
    : ['startup', 'floor', 'lines', 'submit', 'list', 'watch', 'sandbox', 'help', 'executable'];
const misses = [];

console.log(`ic-support benchmarks — ${new Date().toISOString()}`);
console.log(
  `machine: ${machine()}; load average at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log('');

if (only.includes('executable')) {
  // No target of its own: the executable beside the npm install (issue 28 §3), built afresh (~20 s).
  const { executableStartup, printExecutable } = await import('./executable.mjs');
  const runs = Number(process.env.BENCH_RUNS ?? 15);
  printExecutable(await executableStartup({ runs }), runs);
  console.log('');
}

if (only.includes('startup')) {
  const runs = Number(process.env.BENCH_RUNS ?? 25);
  const results = await startup({ runs });
  printStartup(results, runs);
  for (const r of results) {
    if (!r.ok) misses.push(`start-up ${r.name}`);
    if (r.rssOk === false) misses.push(`peak RSS ${r.name}`);
  }
  console.log('');
}

if (only.includes('floor')) {
  // No targets: what the one-request commands' targets stand on (bench/floor.mjs).
  spawnSync(process.execPath, [fileURLToPath(new URL('./floor.mjs', import.meta.url))], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_RUNS: process.env.BENCH_RUNS ?? '25' },
  });
  console.log('');
}

if (only.includes('lines')) {
  // No targets: start-up on Node 20, 22 and 24 side by side (bench/node-lines.mjs).
  printNodeLines(await nodeLines());
  console.log('');
}

if (only.includes('submit')) {
  const r = await submitThroughput();
  printSubmit(r);
  if (!r.ok) misses.push('submission throughput');
  console.log('');
}

if (only.includes('list')) {
  // Its own process: it measures peak RSS of the CLI and keeps its seeded sandbox between runs.
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('./list.mjs', import.meta.url))], { stdio: 'inherit' });
  if (r.status !== 0) misses.push('listing');
  console.log('');
}

if (only.includes('watch')) {
  // No target: what a watch run costs with updatedSince, against listing every case (bench/watch.mjs).
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('./watch.mjs', import.meta.url))], { stdio: 'inherit' });
  if (r.status !== 0) misses.push('watch (failed)');
  console.log('');
}

if (only.includes('help')) {
  // No targets: case submit's help and completion over a catalog of 100 types x 200 fields.
  printSubmitHelp(await submitHelp(), Number(process.env.BENCH_RUNS ?? 5));
  console.log('');
}

if (only.includes('sandbox')) {
  printSandbox(await sandboxLoad());
  console.log('');
}

console.log(misses.length ? `targets missed: ${misses.join(', ')}` : 'every target met');
console.log(
  `load average at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
