// The platform tier's own checks (scripts/platform-tier.mjs runs this file, with spawning test
// files of the main suite, once per Node line, the line's binary in IC_SUPPORT_TEST_NODE): the built
// CLI as a user runs it on that Node, against the sandbox it embeds (node:sqlite on 22 and 24,
// better-sqlite3 on 20); the V8 code cache written by one Node and read by another; and, on 24, a
// global install of the tarball with no compiler on PATH. Not part of `npm test` (vitest.config.ts
// leaves test/platform/ out): it needs a Node other than the one running vitest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { baseEnv, ROOT, spawnCli, tempDir, TEST_NODE, type CliResult } from '../helpers/cli.js';
import { outageArgs } from '../helpers/filed-case.js';
import { makeTestCA, startTlsForwarder } from '../helpers/net-fixtures.js';
import { startSandbox } from '../helpers/sandbox.js';

const version = execFileSync(TEST_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
const major = Number(version.split('.')[0]);
const other = TEST_NODE !== process.execPath;

let dir: { path: string; cleanup: () => void };
beforeAll(() => {
  dir = tempDir('ic-support-platform-');
});
afterAll(() => dir.cleanup());

/** Nothing a user should not see: no stack, no internal error, no Node warning (node:sqlite's ExperimentalWarning on 22). */
function clean(r: CliResult): CliResult {
  expect(r.stderr).not.toMatch(/internal error|ExperimentalWarning|Warning:|at .*\.js:\d+/);
  return r;
}

describe(`Node ${version}: a case's life against the embedded sandbox`, () => {
  const state = (): string => join(dir.path, 'state');
  const cli = async (args: string[]): Promise<CliResult> =>
    clean(await spawnCli(['--sandbox', ...args], { env: baseEnv(state()), cwd: dir.path, timeoutMs: 60_000 }));
  let number = '';

  it('files, lists, shows, comments, attaches and downloads', async () => {
    const filed = await cli([...outageArgs(`Campus unreachable on Node ${version}`), '--json']);
    expect(filed.code).toBe(0);
    number = (JSON.parse(filed.stdout) as { number: string }).number;
    expect(number).toMatch(/^\d{8}$/);

    const list = await cli(['case', 'list', '--status', 'all', '--json', '--jq', '.[].number']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')).toContain(number);

    const show = await cli(['case', 'show', number]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`Campus unreachable on Node ${version}`);

    const comment = await cli(['case', 'comment', number, '--body', `Still down (Node ${version})`, '--jq', '.body']);
    expect(comment.code).toBe(0);
    expect(comment.stdout).toBe(`Still down (Node ${version})\n`);

    const file = join(dir.path, 'screen.png');
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    writeFileSync(file, bytes);
    const attach = await cli(['case', 'attach', number, file]);
    expect(attach.code).toBe(0);
    expect(attach.stderr).toContain(`Attached screen.png (`);

    const into = join(dir.path, 'down');
    const download = await cli(['case', 'download', number, '--dir', into, '--json', '--jq', '.[].filename']);
    expect(download.code).toBe(0);
    expect(download.stdout).toBe('screen.png\n');
    expect(readFileSync(join(into, 'screen.png')).equals(bytes)).toBe(true);
  });
});

describe(`Node ${version}: the V8 code cache`, () => {
  const cacheFiles = (root: string): Map<string, number> => {
    const d = join(root, 'cache', 'v8');
    return existsSync(d) ? new Map(readdirSync(d).map((f) => [f, statSync(join(d, f)).mtimeMs])) : new Map();
  };
  const run = (node: string, state: string): CliResult => {
    const r = spawnSync(node, [join(ROOT, 'bin', 'ic-support.cjs'), 'case', 'fields', 'data-restore'], {
      env: baseEnv(state),
      encoding: 'utf8',
    });
    return clean({ code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
  };

  // V8 checks a cache against its own version (11.3.244.8), not Node's build of it (-node.38).
  const v8 = (node: string): string =>
    execFileSync(node, ['-p', 'process.versions.v8'], { encoding: 'utf8' })
      .trim()
      .replace(/-node\.\d+$/, '');
  const otherV8 = other && v8(TEST_NODE) !== v8(process.execPath);

  it.runIf(other)(
    `is kept per Node: ${process.versions.node} and ${version} share a state folder, each reads only its own`,
    () => {
      const state = join(dir.path, 'cache-state');
      mkdirSync(state, { mode: 0o700 }); // the cache is never the reason a state folder is created
      const first = run(process.execPath, state);
      expect(first.code).toBe(0);
      const mine = cacheFiles(state);
      expect(mine.size).toBeGreaterThan(3);
      expect([...mine.keys()].every((f) => f.includes(`.${process.version}.`))).toBe(true);
      // Two Nodes with the same V8 (20.18.1 and 20.20.2) would accept each other's cache and run it
      // wrongly: each has files of its own, and the other's are left as they are.
      expect(run(TEST_NODE, state)).toEqual(first);
      const both = cacheFiles(state);
      for (const [f, t] of mine) expect(both.get(f)).toBe(t);
      const theirs = new Map([...both].filter(([f]) => !mine.has(f)));
      expect([...theirs.keys()].every((f) => f.includes(`.v${version}.`))).toBe(true);
      expect(theirs.size).toBe(mine.size);
      // Each accepts its own: nothing written again.
      expect(run(TEST_NODE, state)).toEqual(first);
      expect(run(process.execPath, state)).toEqual(first);
      expect(cacheFiles(state)).toEqual(both);
    },
  );

  it.runIf(otherV8)(`made by another V8 under ${version}'s name, is rejected cleanly and written again`, () => {
    const state = join(dir.path, 'cache-state');
    const before = cacheFiles(state);
    const cache = join(state, 'cache', 'v8');
    for (const f of before.keys())
      if (f.includes(`.v${version}.`))
        copyFileSync(join(cache, f.replace(`.v${version}.`, `.${process.version}.`)), join(cache, f));
    const planted = cacheFiles(state);
    expect(run(TEST_NODE, state)).toEqual(run(process.execPath, state));
    const after = cacheFiles(state);
    const rewritten = [...after].filter(([f, t]) => f.includes(`.v${version}.`) && t !== planted.get(f));
    expect(rewritten.length).toBeGreaterThan(3);
  });
});

describe(`Node ${version}: a certificate this machine does not trust`, () => {
  it("is refused with the fix: the CA file, and the system's store where this Node can read it", async () => {
    const sb = await startSandbox();
    const ca = makeTestCA();
    const front = await startTlsForwarder(ca, Number(new URL(sb.url).port));
    try {
      const env = { ...baseEnv(join(dir.path, 'tls-state')), IC_SUPPORT_PORTAL_URL: front.url, IC_SUPPORT_TOKEN: 'x' };
      const r = await spawnCli(['case', 'list'], { env });
      expect(r.code).toBe(8);
      expect(r.stderr).toContain('Could not verify the TLS certificate of');
      expect(r.stderr).toContain('--ca-file FILE');
      const canReadStore = execFileSync(
        TEST_NODE,
        ['-p', "process.allowedNodeEnvironmentFlags.has('--use-system-ca')"],
        {
          encoding: 'utf8',
        },
      ).trim();
      expect(canReadStore).toBe(major >= 22 && version !== '22.13.0' ? 'true' : 'false');
      expect(r.stderr.includes('NODE_USE_SYSTEM_CA=1 (or NODE_OPTIONS=--use-system-ca)')).toBe(canReadStore === 'true');
      // And the CA file given the way the hint says works on this Node.
      const ok = await spawnCli(['case', 'list', '--ca-file', ca.caFile], { env });
      expect(ok.stderr).not.toContain('TLS certificate');
    } finally {
      await front.close();
      ca.cleanup();
      await sb.stop();
      sb.cleanup();
    }
  });
});

describe(`Node ${version}: npm install --global of the tarball with no compiler on PATH`, () => {
  it.runIf(major >= 24)(
    'installs the bundle and nothing to compile, and files a case through --sandbox',
    () => {
      const work = join(dir.path, 'global');
      const bin = join(work, 'bin');
      mkdirSync(bin, { recursive: true });
      const packed = JSON.parse(
        execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
          cwd: ROOT,
          encoding: 'utf8',
        }),
      ) as { filename: string }[];
      // A PATH with this Node, npm run by it, and the shell tools npm uses; no cc, c++, make or python.
      symlinkSync(TEST_NODE, join(bin, 'node'));
      const npmCli = join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm', 'bin', 'npm-cli.js');
      writeFileSync(join(bin, 'npm'), `#!/bin/sh\nexec "${TEST_NODE}" "${npmCli}" "$@"\n`, { mode: 0o755 });
      for (const tool of [
        'sh',
        'bash',
        'env',
        'tar',
        'gzip',
        'cat',
        'ls',
        'rm',
        'mkdir',
        'cp',
        'mv',
        'chmod',
        'ln',
        'uname',
        'sed',
        'grep',
        'dirname',
        'basename',
        'readlink',
        'which',
      ]) {
        const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
        if (found) symlinkSync(found, join(bin, tool));
      }
      const env = { ...process.env, PATH: bin, npm_config_engine_strict: 'true' };
      for (const compiler of ['cc', 'gcc', 'c++', 'g++', 'make', 'python3', 'python'])
        expect(spawnSync('sh', ['-c', `command -v ${compiler}`], { env }).status).not.toBe(0);
      const prefix = join(work, 'prefix');
      const install = spawnSync(
        'npm',
        ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(work, packed[0]!.filename)],
        { env, encoding: 'utf8', timeout: 300_000 },
      );
      expect(install.stderr).not.toMatch(/ERR!/);
      expect(install.status).toBe(0);
      const installed = join(prefix, 'lib', 'node_modules', 'ic-support', 'node_modules');
      // better-sqlite3 could not build here: npm leaves the optional package out; nothing else was there to install.
      expect(existsSync(installed) ? readdirSync(installed).filter((n) => !n.startsWith('.')) : []).toEqual([]);

      const state = join(work, 'state');
      const r = spawnSync(
        join(prefix, 'bin', 'ic-support'),
        ['--sandbox', ...outageArgs('Campus unreachable after a global install'), '--json', 'number'],
        { env: { ...baseEnv(state), PATH: bin }, encoding: 'utf8' },
      );
      clean({ code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ number: expect.stringMatching(/^\d{8}$/) });
    },
    360_000,
  );
});
