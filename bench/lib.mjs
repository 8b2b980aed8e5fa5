// Shared pieces of the benchmarks: the sandbox as a child process, sign-in, medians, the machine.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { request } from 'undici';
import { englishZod, leanUndici, minify } from '../scripts/bundle/plugins.mjs';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/ic-support.cjs', import.meta.url));

/** The value after `--name` on the benchmark's command line, else def. */
export const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function machine() {
  return `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;
}

/** A clean environment for child processes: no CA bundle (it adds ~50 ms to every Node start). */
export function cleanEnv(extra = {}) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...extra };
  return env;
}

/** `ic-support sandbox` as a child process; resolves with its first JSON line and the child. */
export function startSandbox(dataDir, args = []) {
  return new Promise((resolve, reject) => {
    // The sandbox's request quota (1,200 a minute per caller) is lifted: benchmarks measure the work.
    const child = spawn(
      process.execPath,
      [BIN, 'sandbox', '--port', '0', '--json', '--data-dir', dataDir, '--rate-limit', '1000000', ...args],
      {
        env: cleanEnv({ IC_SUPPORT_CONFIG_DIR: dataDir }),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, info: JSON.parse(out.slice(0, nl)) });
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${err}`)));
  });
}

export async function signIn(info) {
  const r = await request(`${info.url}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: info.demo.email, password: info.demo.password }),
  });
  if (r.statusCode !== 201) throw new Error(`sign-in: ${r.statusCode} ${await r.body.text()}`);
  return (await r.body.json()).token;
}

/**
 * Warms a sandbox that has just started, as a portal that has been running is: its code optimized
 * by V8 and its statements prepared. A fresh sandbox answers the first few hundred requests 1–2 ms
 * slower each (GET /api/v1/me 2.3 -> 0.6 ms, POST /api/v1/cases 1.9 -> 1.3 ms, measured), which
 * timed runs of the CLI would count as theirs. Untimed: `rounds` of every request the start-up
 * benchmarks' commands send.
 */
export async function warmSandbox(info, rounds = 300) {
  const token = await signIn(info);
  const headers = { authorization: `Bearer ${token}` };
  const get = async (url) => (await request(url, { headers })).body.text();
  for (let i = 0; i < rounds; i++) {
    await get(`${info.url}/api/v1/me`);
    await get(`${info.url}/api/v1/cases`);
    await Promise.all([
      get(`${info.url}/api/v1/cases/1001`),
      get(`${info.url}/api/v1/cases/1001/comments`),
      get(`${info.url}/api/v1/cases/1001/attachments`),
    ]);
    await get(`${info.statusUrl}/status/v1/notifications?state=open`);
    const r = await request(`${info.url}/api/v1/cases`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `warm-${process.pid}-${i}` },
      body: JSON.stringify(apiBody(`WARM${process.pid}`, i)),
    });
    await r.body.text();
  }
}

/** The case every throughput figure files: a distinct subject (and so body) per request. */
export function caseBody(tag, i) {
  return {
    caseType: 'ask-a-question',
    account: 'Bayside School (TESTING)',
    module: 'Scheduling',
    subject: `${tag} question ${String(i).padStart(5, '0')}`,
    description: `Question ${i}: how do counselors at Bayside request a schedule change this term?`,
  };
}

/** The same case as the API's request body. */
export function apiBody(tag, i) {
  const { caseType, ...fields } = caseBody(tag, i);
  return { caseType, fields: { ...fields, priority: 'Medium' } };
}

export const fmt = (n, d = 0) => Number(n).toFixed(d);

/**
 * A --require hook that writes the process's own peak RSS in KiB to `file` at exit: VmHWM of
 * /proc/self/status on Linux, getrusage's maxrss elsewhere. Not maxrss on Linux: it folds in the
 * memory the child had before exec (a copy of the benchmark's process), so a benchmark larger than
 * the CLI would read its own size (bench/list.mjs has the measurements).
 */
export function peakRssHook(file) {
  return `process.on('exit', () => { const fs = require('node:fs'); let kb = process.resourceUsage().maxRSS; try { kb = Number(/VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]); } catch {} fs.writeFileSync(${JSON.stringify(file)}, String(kb)); });\n`;
}

/**
 * The CLI's way of loading a chunk (src/cli/compile-cache.ts), cut down, written into `dir` as
 * `name`: `node <it> bundle.cjs` runs the bundle through a V8 code cache kept beside it, made at
 * exit as the CLI makes its own, with `flags` set before compiling (so that the cache is made and
 * used under them): by default the baseline-only WebAssembly compiler the CLI sets before its
 * first request.
 */
export function chunkLoader(dir, { flags = '--liftoff-only', name = 'load.cjs' } = {}) {
  const p = join(dir, name);
  writeFileSync(
    p,
    `'use strict';
require('node:v8').setFlagsFromString(${JSON.stringify(flags)});
const fs = require('node:fs'), vm = require('node:vm'), Module = require('node:module');
const target = process.argv[2];
let cachedData;
try { cachedData = fs.readFileSync(target + '.bin'); } catch {}
const script = new vm.Script(Module.wrap(fs.readFileSync(target, 'utf8')), { filename: target, cachedData });
const m = { exports: {} };
script.runInThisContext()(m.exports, require, m, target, __dirname);
process.on('exit', () => { if (!cachedData || script.cachedDataRejected) fs.writeFileSync(target + '.bin', script.createCachedData()); });
`,
  );
  return p;
}

/**
 * `source` (an ES module exporting an async `go()`) bundled as the CLI bundles its chunks (undici's
 * parts, zod's English messages, minified), into `dir`/`name`.cjs, which runs go() (exit code 1 on
 * a failure). Its packages are the checkout's, wherever `dir` is.
 */
export async function bundleAsCli(dir, name, source) {
  const entry = join(dir, `${name}.mjs`);
  writeFileSync(entry, source);
  const outfile = join(dir, `${name}.cjs`);
  await build({
    stdin: {
      contents: `import { go } from ${JSON.stringify(entry)};\ngo().catch((e) => { console.error(e); process.exitCode = 1; });`,
      resolveDir: ROOT,
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    nodePaths: [join(ROOT, 'node_modules')],
    plugins: [leanUndici, englishZod],
    legalComments: 'none',
    logLevel: 'error',
    ...minify,
  });
  return outfile;
}
