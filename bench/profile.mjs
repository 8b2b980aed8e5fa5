#!/usr/bin/env node
// Where the time of one command goes, by package: V8 CPU profiles (`node --cpu-prof`) of N runs
// against a sandbox started once, each sample's self time attributed through the build's source
// maps to the package (or our src/) whose code ran, or to Node itself. For docs/performance.md.
//
//   node bench/profile.mjs [--runs 10] [--bin path/to/bin/ic-support.cjs] [-- case list]
//
// Without --bin it builds this checkout with source maps into a temporary folder (the shipped
// build has none). A --bin of another build is profiled as it is (its dist/ may carry maps).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  mkdirSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { arg, cleanEnv, ROOT, startSandbox } from './lib.mjs';

const dash = process.argv.indexOf('--');
const command = dash > 0 ? process.argv.slice(dash + 1) : ['case', 'list'];
const RUNS = Number(arg('runs', 10));

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Source-map "mappings" as, per generated line, [column, source index] pairs. */
function decodeMappings(mappings) {
  const lines = [];
  let src = 0;
  for (const line of mappings.split(';')) {
    const segs = [];
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const vals = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      col += vals[0];
      if (vals.length > 1) {
        src += vals[1];
        segs.push([col, src]);
      }
    }
    lines.push(segs);
  }
  return lines;
}

const maps = new Map();
function sourceOf(file, line, col) {
  if (!maps.has(file)) {
    let m;
    try {
      const json = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
      m = { sources: json.sources.map((s) => resolve(dirname(file), s)), lines: decodeMappings(json.mappings) };
    } catch {
      m = undefined;
    }
    maps.set(file, m);
  }
  const m = maps.get(file);
  if (!m) return file;
  const segs = m.lines[line] ?? [];
  let best;
  for (const s of segs) if (s[0] <= col) best = s;
  return best ? m.sources[best[1]] : file;
}

function category(frame) {
  const { url, functionName } = frame;
  if (!url) {
    if (['(garbage collector)', '(program)', '(idle)'].includes(functionName)) return `V8 ${functionName}`;
    return 'Node/V8 native (compiling, reading files, …)';
  }
  if (url.startsWith('node:')) {
    if (/^node:internal\/(modules|vm|bootstrap)|^node:vm/.test(url)) return 'Node: loading and compiling modules';
    return 'Node: built-in modules';
  }
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const src = sourceOf(file, frame.lineNumber, frame.columnNumber);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src);
  if (pkg) return pkg[1];
  if (src.includes('/src/')) return 'ic-support (src/)';
  if (src.includes('/scripts/bundle/')) return 'undici (build stand-ins)';
  return 'ic-support (bin, unmapped)';
}

const work = mkdtempSync(join(tmpdir(), 'ic-support-profile-'));
let bin = arg('bin', undefined);
if (!bin) {
  // A copy of this checkout's executable next to a source-mapped build.
  const copy = join(work, 'cli');
  mkdirSync(join(copy, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'ic-support.cjs'), join(copy, 'bin', 'ic-support.cjs'));
  copyFileSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    env: { ...process.env, IC_SUPPORT_BUILD_SOURCEMAP: '1', IC_SUPPORT_BUILD_OUT: join(copy, 'dist') },
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('the source-mapped build failed');
  bin = join(copy, 'bin', 'ic-support.cjs');
}

const { child, info } = await startSandbox(join(work, 'sandbox'));
try {
  const env = cleanEnv({ IC_SUPPORT_CONFIG_DIR: join(work, 'state') });
  const once = (args, input) => spawnSync(process.execPath, [bin, ...args], { env, input, encoding: 'utf8' });
  once(['config', 'set', 'portalUrl', info.url]);
  const login = once(['login', '--email', info.demo.email, '--password-stdin'], info.demo.password);
  if (login.status !== 0) throw new Error(`login: ${login.stderr}`);
  for (let i = 0; i < 3; i++) once(command); // warm: file cache, and the CLI's code cache
  const profiles = join(work, 'profiles');
  for (let i = 0; i < RUNS; i++)
    spawnSync(
      process.execPath,
      ['--cpu-prof', '--cpu-prof-dir', profiles, '--cpu-prof-interval', '100', bin, ...command],
      { env, stdio: 'ignore' },
    );

  const byCat = new Map();
  let total = 0;
  const files = readdirSync(profiles).filter((f) => f.endsWith('.cpuprofile'));
  for (const f of files) {
    const p = JSON.parse(readFileSync(join(profiles, f), 'utf8'));
    const self = new Map();
    for (let i = 0; i < p.samples.length; i++)
      self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
    // Node's own work (loading, compiling, built-in modules) goes to the package whose code asked
    // for it: the nearest caller in a package or in src/, else it stays Node's.
    const parent = new Map();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
    const own = (c) => !c.startsWith('Node') && !c.startsWith('V8');
    for (const n of p.nodes) {
      const us = self.get(n.id) ?? 0;
      if (!us) continue;
      let c = category(n.callFrame);
      if (!own(c) && !c.startsWith('V8 (')) {
        for (let a = parent.get(n.id); a; a = parent.get(a.id)) {
          const ac = category(a.callFrame);
          if (own(ac) && !ac.includes('unmapped')) {
            c = `${ac}\tload`;
            break;
          }
        }
      }
      byCat.set(c, (byCat.get(c) ?? 0) + us);
      total += us;
    }
  }
  const ms = (us) => (us / files.length / 1000).toFixed(1).padStart(6);
  const rows = new Map();
  for (const [c, us] of byCat) {
    const [name, load] = c.split('\t');
    const row = rows.get(name) ?? { run: 0, load: 0 };
    row[load ? 'load' : 'run'] += us;
    rows.set(name, row);
  }
  console.log(
    `ic-support ${command.join(' ')}: CPU profile, mean of ${files.length} runs (sampled every 0.1 ms), ${ms(total).trim()} ms a run`,
  );
  console.log(
    `  ${'total'.padStart(9)}  ${'share'.padStart(5)}  ${'its code'.padStart(9)}  ${'loading'.padStart(9)}   (loading: Node compiling its modules and the built-ins it asks for)`,
  );
  for (const [name, r] of [...rows].sort((a, b) => b[1].run + b[1].load - (a[1].run + a[1].load))) {
    const t = r.run + r.load;
    if (t / files.length < 100) continue;
    console.log(
      `  ${ms(t)} ms  ${((100 * t) / total).toFixed(0).padStart(4)}%  ${ms(r.run)} ms  ${ms(r.load)} ms   ${name}`,
    );
  }
  if (!existsSync(bin)) throw new Error(`no ${bin}`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(work, { recursive: true, force: true });
}
