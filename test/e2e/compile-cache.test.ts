// The built CLI's V8 code cache (src/cli/compile-cache.ts): made on the first run, accepted by
// the next (a cache V8 rejected would be written again every time), and never kept in a state
// folder that other users could write.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TEST_NODE, baseEnv, spawnCli, tempDir } from '../helpers/cli.js';

const cacheFiles = (root: string): Map<string, number> => {
  const dir = join(root, 'cache', 'v8');
  if (!existsSync(dir)) return new Map();
  return new Map(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]));
};

/**
 * The attack of issue 25: V8 accepts a code cache made for any source of the same length (a
 * release build checks no more), so a cache compiled from other code of that length runs that
 * code instead of the chunk's. Made by a plain `node` (the flags the CLI runs with); the planted
 * code writes `marker`.
 */
function plantCache(chunk: string, out: string, marker: string): void {
  const script = `
    const vm = require('node:vm'), fs = require('node:fs');
    const [chunk, out, marker] = process.argv.slice(1);
    const head = '(function (exports, require, module, __filename, __dirname, __icSupportPack) { ';
    const real = head + fs.readFileSync(chunk, 'utf8') + '\\n});';
    const code = head + 'require("node:fs").writeFileSync(' + JSON.stringify(marker) + ', "planted");/*';
    const tail = '*/\\n});';
    const s = new vm.Script(code + 'x'.repeat(real.length - code.length - tail.length) + tail, { filename: chunk });
    s.runInThisContext();
    fs.writeFileSync(out, s.createCachedData());`;
  // Made by the Node the CLI runs on: V8 rejects a cache of another version.
  const r = spawnSync(TEST_NODE, ['-e', script, chunk, out, marker], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
}

/** Runs --version once to make the caches, then replaces each with planted code; their paths. */
async function plantAll(root: string, marker: string): Promise<string[]> {
  expect((await spawnCli(['--version'], { env: baseEnv(root) })).code).toBe(0);
  const dir = join(root, 'cache', 'v8');
  // <chunk>.<node version>.bin (src/cli/compile-cache.ts), of the Node the CLI ran on (the platform
  // tier's, IC_SUPPORT_TEST_NODE); those made after a V8 flag changed end in .<flags>.bin.
  const cache = /^(.+\.js)\.v\d+\.\d+\.\d+\.bin$/;
  const files = readdirSync(dir).filter((f) => cache.test(f));
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) plantCache(join(ROOT, 'dist', 'chunks', cache.exec(f)![1]!), join(dir, f), marker);
  return files.map((f) => join(dir, f));
}

/** Another local user: tests run as root, who can give a file away. */
const OTHER_UID = 12345;
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

async function inTempDir(f: (path: string) => Promise<void>): Promise<void> {
  const dir = tempDir();
  try {
    await f(dir.path);
  } finally {
    dir.cleanup();
  }
}

describe('the code cache', () => {
  it('is written by the first run and read, not rewritten, by the next', () =>
    inTempDir(async (path) => {
      const env = baseEnv(path);
      const first = await spawnCli(['case', 'fields', 'data-restore'], { env });
      expect(first.code).toBe(0);
      const made = cacheFiles(path);
      expect(made.size).toBeGreaterThan(3);
      const second = await spawnCli(['case', 'fields', 'data-restore'], { env });
      expect(second.stdout).toBe(first.stdout);
      expect(cacheFiles(path)).toEqual(made);
    }));

  // A portal command changes a V8 flag before its first request; the chunks it loads after that
  // (the outbox check at its end, say) must not share a cache with an offline command's.
  it('is not rewritten when a command that talks to a portal and one that does not run in turn', () =>
    inTempDir(async (path) => {
      const env = baseEnv(path);
      const both = async (): Promise<void> => {
        for (const args of [
          ['whoami', '--sandbox'],
          ['case', 'fields', 'data-restore'],
        ])
          expect((await spawnCli(args, { env })).code).toBe(0);
      };
      await both();
      const made = cacheFiles(path);
      await both();
      expect(cacheFiles(path)).toEqual(made);
    }));

  it('is neither read nor written in a state folder other users can write', () =>
    inTempDir(async (path) => {
      const root = join(path, 'state');
      mkdirSync(root);
      chmodSync(root, 0o777);
      const r = await spawnCli(['--version'], { env: baseEnv(root) });
      expect(r.code).toBe(0);
      expect(existsSync(join(root, 'cache'))).toBe(false);
    }));

  it('is not made when there is no state folder, which is not created for it', () =>
    inTempDir(async (path) => {
      const root = join(path, 'none');
      const r = await spawnCli(['case', 'types'], { env: baseEnv(root) });
      expect(r.code).toBe(0);
      expect(existsSync(root)).toBe(false);
    }));

  describe.runIf(asRoot)('planted by another user (issue 25, attack 2): the planted code never runs', () => {
    const runs = async (root: string, marker: string): Promise<void> => {
      const r = await spawnCli(['--version'], { env: baseEnv(root) });
      expect(existsSync(marker)).toBe(false);
      expect(r.stdout).toBe(`${(await spawnCli(['--version'], { env: baseEnv(join(root, 'none')) })).stdout}`);
    };

    it('a planted cache of ours runs (the attack works: the check below is what stops it)', () =>
      inTempDir(async (path) => {
        const root = join(path, 'state');
        mkdirSync(root, { mode: 0o700 });
        const marker = join(path, 'marker');
        await plantAll(root, marker);
        await spawnCli(['--version'], { env: baseEnv(root) });
        expect(existsSync(marker)).toBe(true);
      }));

    it('a cache file owned by another user', () =>
      inTempDir(async (path) => {
        const root = join(path, 'state');
        mkdirSync(root, { mode: 0o700 });
        const marker = join(path, 'marker');
        for (const f of await plantAll(root, marker)) chownSync(f, OTHER_UID, OTHER_UID);
        await runs(root, marker);
      }));

    it('a cache file others can write', () =>
      inTempDir(async (path) => {
        const root = join(path, 'state');
        mkdirSync(root, { mode: 0o700 });
        const marker = join(path, 'marker');
        for (const f of await plantAll(root, marker)) chmodSync(f, 0o666);
        await runs(root, marker);
      }));

    it("a cache file that is a link to another user's file", () =>
      inTempDir(async (path) => {
        const root = join(path, 'state');
        mkdirSync(root, { mode: 0o700 });
        const marker = join(path, 'marker');
        for (const [i, f] of (await plantAll(root, marker)).entries()) {
          const elsewhere = join(path, `planted-${i}`);
          renameSync(f, elsewhere);
          chownSync(elsewhere, OTHER_UID, OTHER_UID);
          symlinkSync(elsewhere, f);
        }
        await runs(root, marker);
      }));

    // Whoever owns a folder above the state folder can swap it for one of their own during a
    // run; such a folder is not trusted at all (ssh's rule), whatever its files look like.
    it('a state folder whose parent another user owns (who could swap it during the run)', () =>
      inTempDir(async (path) => {
        const parent = join(path, 'theirs');
        mkdirSync(parent, { mode: 0o755 });
        const root = join(parent, 'state');
        mkdirSync(root, { mode: 0o700 });
        const marker = join(path, 'marker');
        await plantAll(root, marker);
        chownSync(parent, OTHER_UID, OTHER_UID);
        await runs(root, marker);
      }));
  });
});
