// Installs the package as users install CLIs: npm pack, then a global install of the tarball into
// a temporary prefix, then the installed `ic-support` runs. Dependencies come from npm's cache
// (filled by `npm ci`); install scripts are skipped because only the sandbox on Node 20 needs the
// native SQLite module, and compiling it here would add a minute without testing anything of ours.
// The install with no compiler on PATH, on Node 24, filing a case through --sandbox, is in the
// platform tier (scripts/platform-tier.mjs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { ROOT, baseEnv, tempDir } from '../helpers/cli.js';

let dir: { path: string; cleanup: () => void };
let tarball: string;
let files: string[];

beforeAll(() => {
  dir = tempDir('ic-support-pack-');
  // --ignore-scripts: dist/ is already built by `npm test`; rebuilding would race other tests.
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir.path], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const info = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir.path, info[0]!.filename);
  files = info[0]!.files.map((f) => f.path);
  const install = spawnSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      join(dir.path, 'prefix'),
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      tarball,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, npm_config_engine_strict: 'true' },
    },
  );
  if (install.status !== 0) throw new Error(`npm install -g failed:\n${install.stdout}\n${install.stderr}`);
}, 300_000);
afterAll(() => dir.cleanup());

describe('the packed package', () => {
  it('carries the built code, the schemas, the executable, README and LICENSE, and nothing from tests', () => {
    expect(files).toContain('bin/ic-support.cjs');
    expect(files).toContain('bin/node-check.cjs');
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('schemas/catalog.json');
    expect(files).toContain('schemas/case-file.schema.json');
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(
      files.filter(
        (f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('bench/') || f.startsWith('.ci/'),
      ),
    ).toEqual([]);
  });

  it('depends at run time only on what dist/ loads from node_modules: better-sqlite3, optional', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.optionalDependencies as object)).toEqual(['better-sqlite3']);
    const ls = JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--json'], { cwd: ROOT, encoding: 'utf8' })) as {
      dependencies?: Record<string, unknown>;
    };
    expect(Object.keys(ls.dependencies ?? {})).toEqual(['better-sqlite3']);
    // What the bundle requires from outside itself (not a built-in, not one of its own chunks).
    const required = new Set<string>();
    for (const f of files.filter((f) => f.startsWith('dist/') && f.endsWith('.js')))
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/\brequire\("([^".][^"]*)"\)/g))
        if (!m[1]!.startsWith('node:') && !isBuiltin(m[1]!)) required.add(m[1]!.split('/')[0]!);
    // ajv's generated code names its runtime helpers in strings (`equal.code = 'require("ajv/…")'`), never loaded.
    required.delete('ajv');
    required.delete('ajv-formats');
    expect([...required]).toEqual(['better-sqlite3']);
  });

  it('installs only better-sqlite3 (and what it needs) beside the bundle', () => {
    const installed = join(dir.path, 'prefix', 'lib', 'node_modules', 'ic-support', 'node_modules');
    const names = existsSync(installed) ? readdirSync(installed).filter((n) => !n.startsWith('.')) : [];
    expect(names).toContain('better-sqlite3');
    for (const bundled of ['commander', 'undici', 'zod', 'chalk', 'conf', 'ora', 'yaml', '@inquirer', 'jq-wasm'])
      expect(names).not.toContain(bundled);
  });

  it('installs globally and runs --version and case types', () => {
    const exe = join(dir.path, 'prefix', 'bin', 'ic-support');
    expect(existsSync(exe)).toBe(true);
    const env = baseEnv(join(dir.path, 'state'));
    const version = spawnSync(exe, ['--version'], { env, encoding: 'utf8', cwd: dir.path });
    const pkg = JSON.parse(
      execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: ROOT, encoding: 'utf8' }),
    ) as { version: string };
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(`${pkg.version}\n`);
    const types = spawnSync(exe, ['case', 'types'], { env, encoding: 'utf8', cwd: dir.path });
    expect(types.stderr).toBe('');
    expect(types.status).toBe(0);
    expect(types.stdout).toContain('Application Issue  application-issue');
    expect(types.stdout).toContain('Request Technical Services  request-technical-services');
  });
});
