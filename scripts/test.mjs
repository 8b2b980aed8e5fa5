// `npm test`: build, typecheck, lint, then every test (arguments go to vitest), stopping at the
// first step that fails, and printing how long each step and the whole took: the suite's time is
// a number this project tracks (docs/architecture.md, issue 12).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [
  ['build', process.execPath, [join(root, 'scripts', 'build.mjs')]],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['lint', bin('eslint'), ['.']],
  ['tests', bin('vitest'), ['run', ...process.argv.slice(2)]],
];

const started = performance.now();
const times = [];
let status = 0;
for (const [name, cmd, args] of steps) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  times.push(`${name} ${((performance.now() - t) / 1000).toFixed(1)} s`);
  status = r.status ?? 1;
  if (status !== 0) {
    console.error(`npm test: ${name} failed`);
    break;
  }
}
console.log(`npm test took ${((performance.now() - started) / 1000).toFixed(1)} s (${times.join(', ')})`);
process.exit(status);
