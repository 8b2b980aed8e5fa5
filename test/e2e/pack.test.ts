// Installs the package as users install CLIs: npm pack, then a global install of the tarball into
// a temporary prefix, then the installed `ic-support` runs. Dependencies come from npm's cache
// (filled by `npm ci`); install scripts are skipped because only the sandbox needs the native
// SQLite module, and compiling it here would add a minute without testing anything of ours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  it('carries the built code, the schemas and the executable, and nothing from tests', () => {
    expect(files).toContain('bin/ic-support.cjs');
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
