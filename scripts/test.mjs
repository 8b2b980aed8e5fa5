// `npm test`: build, then typecheck, lint and every test (arguments go to vitest) side by side,
// printing how long each step and the whole took: the suite's time is a number this project
// tracks (docs/architecture.md, issue 12). The build comes first: the spawned tests run dist/.
// Typecheck and lint mostly wait on nothing the tests need, and the tests often wait on the
// network, so running them together shortens the whole; their output is printed after the tests'.
// Lint is `npm run lint`'s checks (scripts/lint.mjs: eslint, prettier, dependency-cruiser, knip),
// each a step. All keep what they learnt in node_modules/.cache/ic-support/ (tsc --incremental,
// the linters' caches), so a second run checks only what changed; a clean clone checks everything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LINT_CHECKS } from './lint.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const cache = join(root, 'node_modules', '.cache', 'ic-support');
mkdirSync(cache, { recursive: true });

const started = performance.now();
const seconds = (t) => `${((performance.now() - t) / 1000).toFixed(1)} s`;
const times = [];

function finish(failed) {
  console.log(`npm test took ${seconds(started)} (${times.join(', ')})`);
  if (failed.length) console.error(`npm test: ${failed.join(', ')} failed`);
  process.exit(failed.length ? 1 : 0);
}

const t = performance.now();
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
times.push(`build ${seconds(t)}`);
if (build.status !== 0) finish(['build']);

/**
 * Runs a step; `quiet` keeps its output to print once the tests' output is done, and runs it at a
 * lower CPU priority: the tests are the longest step, and they often wait (on the network, on a
 * child process); typecheck and lint then use the time the tests leave, instead of taking a
 * share of the two cores while the tests could run.
 */
function step(name, cmd, args, quiet) {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (quiet && child.pid !== undefined) {
      try {
        setPriority(child.pid, Math.min(19, getPriority() + 5));
      } catch {
        // A system that does not allow it runs the step at the same priority: slower, not wrong.
      }
    }
    let output = '';
    if (quiet) for (const s of [child.stdout, child.stderr]) s.on('data', (d) => (output += d.toString()));
    child.on('close', (code) => resolve({ name, ok: code === 0, output, time: `${name} ${seconds(t0)}` }));
  });
}

const results = await Promise.all([
  step(
    'typecheck',
    bin('tsc'),
    ['-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', join(cache, 'typecheck.tsbuildinfo')],
    true,
  ),
  // `npm run lint`'s checks (eslint, prettier, depcruise, knip), each a step of its own.
  ...LINT_CHECKS.map((c) => step(c.name, bin(c.bin), c.args, true)),
  step('tests', bin('vitest'), ['run', ...process.argv.slice(2)], false),
]);
for (const r of results) {
  if (r.output) process.stdout.write(`\n--- ${r.name}\n${r.output}`);
  times.push(r.time);
}
finish(results.filter((r) => !r.ok).map((r) => r.name));
