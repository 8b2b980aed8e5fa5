// The Linux x64 one-file executable's start-up beside the npm install (issue 28 §3): median wall
// time of `--version`, `case fields` and `case list` (against a warmed sandbox, signed in as a stored
// profile), each as a ratio against `node -e 0` measured in the same run, alternating the three so
// that machine noise hits all. Builds release/ic-support-linux-x64 first when it is missing.
//
//   node bench/executable.mjs [--runs 15]      (npm run bench -- --only executable)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, cleanEnv, fmt, median, startSandbox, warmSandbox } from './lib.mjs';

const EXE = join(ROOT, 'release', 'ic-support-linux-x64');
const COMMANDS = [
  { name: '--version', args: ['--version'] },
  { name: 'case fields data-restore', args: ['case', 'fields', 'data-restore'] },
  { name: 'case list', args: ['case', 'list'] },
];

function timed(cmd, argv, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function executableStartup({ runs = 15 } = {}) {
  if (!existsSync(EXE)) {
    const { release } = await import('../scripts/release.mjs');
    await release(['linux-x64']);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ic-support-bench-exe-'));
  const { child, info } = await startSandbox(join(dir, 'sandbox'));
  try {
    // Each side its own state folder (the npm install keeps a V8 code cache in its own), both signed in.
    const envOf = (name) => cleanEnv({ IC_SUPPORT_CONFIG_DIR: join(dir, name) });
    const sides = [
      { name: 'npm install (node bin/ic-support.cjs)', cmd: process.execPath, pre: [BIN], env: envOf('npm') },
      { name: 'executable (release/ic-support-linux-x64)', cmd: EXE, pre: [], env: envOf('exe') },
    ];
    await warmSandbox(info);
    for (const s of sides) {
      timed(s.cmd, [...s.pre, 'config', 'set', 'portalUrl', info.url], s.env);
      const r = spawnSync(s.cmd, [...s.pre, 'login', '--email', info.demo.email, '--password-stdin'], {
        env: s.env,
        input: info.demo.password,
      });
      if (r.status !== 0) throw new Error(`${s.name}: login exited ${r.status}: ${r.stderr}`);
      for (let i = 0; i < 3; i++) for (const c of COMMANDS) timed(s.cmd, [...s.pre, ...c.args], s.env);
    }
    const results = [];
    for (const c of COMMANDS) {
      const base = [];
      const times = sides.map(() => []);
      for (let i = 0; i < runs; i++) {
        base.push(timed(process.execPath, ['-e', '0'], sides[0].env));
        sides.forEach((s, k) => times[k].push(timed(s.cmd, [...s.pre, ...c.args], s.env)));
      }
      const b = median(base);
      results.push({ name: c.name, baseMs: b, sides: sides.map((s, k) => ({ name: s.name, ms: median(times[k]) })) });
    }
    return results;
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printExecutable(results, runs) {
  console.log(
    `One-file executable start-up beside the npm install (median of ${runs}, ratio to node -e 0 of the same run):`,
  );
  for (const r of results) {
    const [npm, exe] = r.sides;
    console.log(
      `  ${r.name.padEnd(26)} npm install ${fmt(npm.ms / r.baseMs, 2)}x (${fmt(npm.ms)} ms)   executable ${fmt(exe.ms / r.baseMs, 2)}x (${fmt(exe.ms)} ms)   node -e 0 ${fmt(r.baseMs)} ms${exe.ms > npm.ms ? '   SLOWER' : ''}`,
    );
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 15;
  printExecutable(await executableStartup({ runs }), runs);
}
