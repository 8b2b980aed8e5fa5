// `npm run lint`: six checks, each by a tool of its own and each failing the run:
//   eslint      the code (eslint.config.js)
//   prettier    the layout (--check; .prettierrc.json, .prettierignore)
//   depcruise   the layers and cycles of src/ (.dependency-cruiser.cjs)
//   knip        files, exports and dependencies nothing uses (knip.jsonc)
//   redocly, spectral   the portal's contract and the sandbox's admin API (schemas/*.yaml)
// They run side by side and their output is printed check by check. `npm test` (scripts/test.mjs)
// runs the same list, LINT_CHECKS, beside the typecheck and the tests. Each keeps what it learnt in
// node_modules/.cache/ic-support/, so a second run checks only what changed; a clean clone checks
// everything.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = join(root, 'node_modules', '.cache', 'ic-support');

/** The checks: a name, the binary in node_modules/.bin and its arguments (run from the root). */
export const LINT_CHECKS = [
  { name: 'eslint', bin: 'eslint', args: ['--cache', '--cache-location', join(cache, 'eslintcache'), '.'] },
  {
    name: 'prettier',
    bin: 'prettier',
    args: ['--check', '--log-level', 'warn', '--cache', '--cache-location', join(cache, 'prettiercache'), '.'],
  },
  {
    name: 'depcruise',
    bin: 'depcruise',
    args: ['src', '--cache', join(cache, 'depcruise'), '--cache-strategy', 'content'],
  },
  { name: 'knip', bin: 'knip', args: ['--cache', '--cache-location', join(cache, 'knip')] },
  // The contract (docs/portal-api.md): Redocly's recommended rules and Spectral's spectral:oas.
  { name: 'redocly', bin: 'redocly', args: ['lint', 'schemas/portal-api.yaml', 'schemas/sandbox-admin-api.yaml'] },
  {
    name: 'spectral',
    bin: 'spectral',
    args: ['lint', '--display-only-failures', 'schemas/portal-api.yaml', 'schemas/sandbox-admin-api.yaml'],
  },
];

/** Runs a check with its output collected. */
function runCheck(check) {
  mkdirSync(cache, { recursive: true });
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(join(root, 'node_modules', '.bin', check.bin), check.args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const s of [child.stdout, child.stderr]) s.on('data', (d) => (output += d.toString()));
    child.on('error', (e) => (output += `${e.message}\n`));
    child.on('close', (code) => resolve({ name: check.name, ok: code === 0, output, ms: performance.now() - t0 }));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await Promise.all(LINT_CHECKS.map(runCheck));
  for (const r of results) {
    const head = `--- ${r.name}: ${r.ok ? 'ok' : 'FAILED'} (${(r.ms / 1000).toFixed(1)} s)`;
    process.stdout.write(`${head}\n${r.output}${r.output && !r.output.endsWith('\n') ? '\n' : ''}`);
  }
  const failed = results.filter((r) => !r.ok).map((r) => r.name);
  if (failed.length) console.error(`npm run lint: ${failed.join(', ')} failed`);
  process.exitCode = failed.length ? 1 : 0;
}
