/**
 * Every read from the state folder goes through the one trust check (src/config/trust.ts), caches
 * included (issue 25, attack 5): a catalog cache another user planted — in a cache folder others
 * can write, as a file another user owns, or as a link — is never shown as the portal's, and a
 * file is checked by the handle it is read from, so a folder swapped between the check and the
 * read gives nothing planted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { CatalogCache, type CatalogCacheEntry } from '../../src/state/catalog-cache.js';
import { readTrustedFileSync, trustProblem } from '../../src/config/trust.js';

const PORTAL = 'https://support.example.test';
const PLANTED = 'Planted By Someone Else';
const entry: CatalogCacheEntry = {
  portalUrl: PORTAL,
  fetchedAt: new Date().toISOString(),
  version: '7',
  catalog: {
    catalogVersion: '7',
    types: [
      {
        id: 'ask-a-question',
        label: PLANTED,
        description: 'Questions.',
        examples: [],
        guidance: [],
        rules: [],
        fields: [{ key: 'subject', label: 'Subject', kind: 'text', help: 'One line.', required: true }],
      },
    ],
  },
};

const OTHER_UID = 12345;
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let tmp: { path: string; cleanup: () => void };
let root: string;
let catalogDir: string;
beforeEach(() => {
  tmp = tempDir();
  root = join(tmp.path, 'state');
  catalogDir = join(root, 'cache', 'catalog');
  new CatalogCache(catalogDir).put(entry);
});
afterEach(() => tmp.cleanup());

const types = () => runCli(['case', 'types'], { env: { ...baseEnv(root), IC_SUPPORT_PORTAL_URL: PORTAL } });

describe('the catalog cache is read through the trust check', () => {
  it('a cache of our own is used (the planted text below would be shown without the check)', async () => {
    const r = await types();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(PLANTED);
  });

  it('not from a cache folder others can write, under a trusted state folder', async () => {
    chmodSync(join(root, 'cache'), 0o777);
    const r = await types();
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(PLANTED);
  });

  it('not a cache file others can write', async () => {
    chmodSync(new CatalogCache(catalogDir).file(PORTAL), 0o666);
    expect((await types()).stdout).not.toContain(PLANTED);
  });

  it.runIf(asRoot)('not a cache file another user owns, nor one that is a link to theirs', async () => {
    const file = new CatalogCache(catalogDir).file(PORTAL);
    chownSync(file, OTHER_UID, OTHER_UID);
    expect((await types()).stdout).not.toContain(PLANTED);
    renameSync(file, join(tmp.path, 'theirs.json'));
    symlinkSync(join(tmp.path, 'theirs.json'), file);
    expect((await types()).stdout).not.toContain(PLANTED);
  });
});

describe.runIf(asRoot)('a folder swapped between the trust check and the read', () => {
  it('gives nothing planted: the file is checked by the handle it is read from', () => {
    const file = new CatalogCache(catalogDir).file(PORTAL);
    expect(trustProblem(catalogDir, 'folder')).toBeUndefined();
    expect(readTrustedFileSync(file, { bytes: 1 << 20, what: 'a cache' }).toString()).toContain(PLANTED);
    // Another user moves the folder away and puts theirs in its place, with the same names.
    renameSync(root, join(tmp.path, 'moved'));
    mkdirSync(catalogDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ ...entry, version: 'theirs' }), { mode: 0o600 });
    chownSync(file, OTHER_UID, OTHER_UID);
    expect(() => readTrustedFileSync(file, { bytes: 1 << 20, what: 'a cache' })).toThrow(/owned by another user/);
    // The same with the whole folder theirs.
    for (const d of [root, join(root, 'cache'), catalogDir]) chownSync(d, OTHER_UID, OTHER_UID);
    expect(() => readTrustedFileSync(file, { bytes: 1 << 20, what: 'a cache' })).toThrow(/owned by another user/);
  });

  it('a state folder inside a folder another user owns is not trusted (they could swap it)', () => {
    const parent = join(tmp.path, 'theirs');
    mkdirSync(join(parent, 'state'), { recursive: true, mode: 0o700 });
    chownSync(parent, OTHER_UID, OTHER_UID);
    expect(trustProblem(join(parent, 'state'), 'folder')?.message).toMatch(/theirs: is owned by another user/);
  });
});
