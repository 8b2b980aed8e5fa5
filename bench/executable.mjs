// The Linux x64 one-file executable's start-up beside the npm install (issue 28 §3): median wall
// time of `--version`, `case fields` and `case list` (against a warmed sandbox, signed in as a stored
// profile), each as a ratio against `node -e 0` measured in the same run, alternating the sides so
// that machine noise hits all. Fair: the executable embeds the registry's Node NODE_VERSION
// (scripts/release.mjs), so the npm install runs on that same Node binary and `node -e 0` is that
// binary's. A second baseline row: the npm install on this machine's own Node against its own
// `node -e 0` (what the earlier passes quoted). The floor: an executable whose main script is only
// `process.exit()` (the same Node, blob and postject), against `node -e 0`.
//
// The executable is built from this checkout into a temporary folder first (linux-x64 only, ~20 s),
// so a stale release/ is never measured.
//
//   node bench/executable.mjs [--runs 15]      (npm run bench -- --only executable)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_VERSION, inject, makeBlob, nodeBinary, release } from '../scripts/release.mjs';
import { BIN, cleanEnv, fmt, median, startSandbox, warmSandbox } from './lib.mjs';

const COMMANDS = [
  { name: '--version', args: ['--version'] },
  { name: 'case fields data-restore', args: ['case', 'fields', 'data-restore'] },
  { name: 'case list', args: ['case', 'list'] },
];

/**
 * One run: its wall time and its CPU time (user + system, from bash's `times`, which reads the
 * kernel's accounting of the finished child: on a loaded machine wall time counts the waits for a
 * core, CPU time does not).
 */
function timed(cmd, argv, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null </dev/null; s=$?; times; exit $s', '_', cmd, ...argv], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const children = r.stdout.trim().split('\n').at(-1).split(/\s+/);
  const cpu = children.reduce((t, x) => {
    const [, m, sec] = /^(\d+)m([\d.]+)s$/.exec(x);
    return t + (Number(m) * 60 + Number(sec)) * 1000;
  }, 0);
  return { wall, cpu };
}

/** A SEA of `process.exit()` on the same Node: what any one-file executable costs to start. */
function bareExecutable(dir) {
  writeFileSync(join(dir, 'exit.cjs'), 'process.exit();\n');
  const blob = makeBlob(dir, { main: 'exit.cjs', output: 'bare.blob', disableExperimentalSEAWarning: true });
  const exe = join(dir, 'bare');
  copyFileSync(nodeBinary('linux-x64'), exe);
  inject(exe, blob);
  return exe;
}

export async function executableStartup({ runs = 15 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ic-support-bench-exe-'));
  await release(['linux-x64'], join(dir, 'release'));
  const exe = join(dir, 'release', 'ic-support-linux-x64');
  const node = nodeBinary('linux-x64');
  const bare = bareExecutable(dir);
  const { child, info } = await startSandbox(join(dir, 'sandbox'));
  try {
    // Each side its own state folder (each keeps its V8 code cache there), all signed in.
    const envOf = (name) => cleanEnv({ IC_SUPPORT_CONFIG_DIR: join(dir, name) });
    const sides = [
      { name: `npm install on Node ${NODE_VERSION}`, cmd: node, pre: [BIN], env: envOf('npm'), base: 'embedded' },
      { name: 'executable', cmd: exe, pre: [], env: envOf('exe'), base: 'embedded' },
      { name: `npm install on ${process.version}`, cmd: process.execPath, pre: [BIN], env: envOf('own'), base: 'own' },
    ];
    await warmSandbox(info);
    for (const s of sides) {
      timed(s.cmd, [...s.pre, 'config', 'set', 'portalUrl', info.url], s.env);
      const r = spawnSync(s.cmd, [...s.pre, 'login', '--email', info.demo.email, '--password-stdin'], {
        env: s.env,
        input: info.demo.password,
      });
      if (r.status !== 0) throw new Error(`${s.name}: login exited ${r.status}: ${r.stderr}`);
      // Untimed: the code caches made, the sandbox's answers warm.
      for (let i = 0; i < 3; i++) for (const c of COMMANDS) timed(s.cmd, [...s.pre, ...c.args], s.env);
    }
    const env = cleanEnv();
    const results = [];
    for (const c of COMMANDS) {
      const base = { embedded: [], own: [], bare: [] };
      // Each side's runs, wall and CPU times.
      const times = sides.map(() => []);
      for (let i = 0; i < runs; i++) {
        base.embedded.push(timed(node, ['-e', '0'], env));
        base.own.push(timed(process.execPath, ['-e', '0'], env));
        if (c === COMMANDS[0]) base.bare.push(timed(bare, [], env));
        sides.forEach((s, k) => times[k].push(timed(s.cmd, [...s.pre, ...c.args], s.env)));
      }
      const medians = (runs) => ({ wall: median(runs.map((t) => t.wall)), cpu: median(runs.map((t) => t.cpu)) });
      results.push({
        name: c.name,
        base: { embedded: medians(base.embedded), own: medians(base.own) },
        bare: base.bare.length ? medians(base.bare) : undefined,
        sides: sides.map((s, k) => ({ name: s.name, base: s.base, ...medians(times[k]) })),
      });
    }
    return results;
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printExecutable(results, runs) {
  console.log(
    `One-file executable start-up beside the npm install (medians of ${runs} runs; ratio to node -e 0 of the same Node in the same run, CPU time (user + system), then wall):`,
  );
  const [r0] = results;
  const ratios = (t, b) => `${fmt(t.cpu / b.cpu, 2)}x cpu ${fmt(t.wall / b.wall, 2)}x wall`;
  console.log(
    `  node -e 0: Node ${NODE_VERSION} ${fmt(r0.base.embedded.cpu)} ms cpu ${fmt(r0.base.embedded.wall)} ms wall; ${process.version} ${fmt(r0.base.own.cpu)} ms cpu ${fmt(r0.base.own.wall)} ms wall`,
  );
  console.log(`  floor, an executable of process.exit(): ${ratios(r0.bare, r0.base.embedded)}`);
  for (const r of results) {
    const [npm, exe, own] = r.sides;
    console.log(
      `  ${r.name.padEnd(26)} executable ${ratios(exe, r.base.embedded)} (${fmt(exe.cpu)} ms cpu)   ${npm.name} ${ratios(npm, r.base.embedded)} (${fmt(npm.cpu)} ms cpu)${exe.cpu > npm.cpu ? '   SLOWER' : ''}   [${own.name} ${ratios(own, r.base.own)}]`,
    );
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 15;
  printExecutable(await executableStartup({ runs }), runs);
}
