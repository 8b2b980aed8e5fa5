// The jq that --jq runs is pinned and documented (issue 25 §7): jq-wasm at an exact version in
// package.json, and the jq inside it is the one README.md and --jq's help name.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { jqOption } from '../../src/cli/json-flags.js';

const root = new URL('../../', import.meta.url);
const require = createRequire(import.meta.url);

describe('the jq of --jq', () => {
  it('is pinned to one jq-wasm, whose jq is the version the README and --jq help name', async () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
    expect(pkg.devDependencies['jq-wasm']).toMatch(/^\d+\.\d+\.\d+$/);
    const jq = require('jq-wasm') as { raw: (i: string, q: string, f: string[]) => Promise<string> };
    const version = (await jq.raw('null', '.', ['--version'])).replace(/^jq-/, '').replace(/-dirty$/, '');
    expect(version).toMatch(/^1\.\d+\.\d+$/);
    expect(readFileSync(new URL('README.md', root), 'utf8')).toContain(`**jq ${version}**`);
    expect(jqOption().description).toContain(`jq ${version} syntax`);
  });
});
