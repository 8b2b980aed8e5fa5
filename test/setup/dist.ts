/**
 * vitest globalSetup: the tests that spawn the built CLI (bin/ic-support.cjs -> dist/) must never
 * run an old build. `npm test` builds first; `vitest run test/e2e` after editing src/ builds here,
 * once, when anything the build reads is newer than dist/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let latest = s.mtimeMs;
  for (const e of readdirSync(path)) latest = Math.max(latest, newest(join(path, e)));
  return latest;
}

export default function buildWhenStale(): void {
  const built = join(root, 'dist', 'cli.js');
  const inputs = ['src', 'schemas', 'scripts', 'bin', 'package.json'].map((p) => join(root, p)).filter(existsSync);
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...inputs.map(newest))) return;
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed: the tests would run an old dist/');
}
