/**
 * The config and credential store on disk (conf): where state lives, file modes from the first
 * write, profiles, tokens kept apart from settings, and a broken file reported by name with its
 * repair — never a stack.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileProblemError, UsageError } from '../../src/errors.js';
import { paths, stateDir } from '../../src/config/paths.js';
import { openConfigStore, withMemoryCredentials } from '../../src/config/store.js';
import { CONFIG_KEYS } from '../../src/config/keys.js';
import { checkPortalUrl } from '../../src/portal/url.js';

let dir: string;
let env: NodeJS.ProcessEnv;
const mode = (p: string) => statSync(p).mode & 0o777;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'ic-config-')), 'state');
  env = { IC_SUPPORT_CONFIG_DIR: dir, HOME: '/home/nobody' };
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

describe('paths', () => {
  it('IC_SUPPORT_CONFIG_DIR moves every piece of state', () => {
    const p = paths(env);
    expect(p.root).toBe(dir);
    for (const k of ['configFile', 'credentialsFile', 'drafts', 'outbox', 'cache', 'sandbox'] as const)
      expect(p[k].startsWith(`${dir}/`)).toBe(true);
  });

  it('defaults to the platform config folder (XDG on Linux)', () => {
    if (process.platform !== 'linux') return;
    expect(stateDir({ HOME: '/home/ann' })).toBe('/home/ann/.config/ic-support');
    expect(stateDir({ HOME: '/home/ann', XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/ic-support');
  });
});

describe('the store', () => {
  it('creates the folder 0700 and writes both files 0600 from the first write', () => {
    const s = openConfigStore(env);
    expect(mode(dir)).toBe(0o700);
    s.set('default', 'portalUrl', 'https://support.example.org');
    expect(mode(s.paths.configFile)).toBe(0o600);
    s.setCredential('default', {
      token: 'tok_abc',
      portalUrl: 'https://support.example.org',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    expect(mode(s.paths.credentialsFile)).toBe(0o600);
    // Still 0600 after later writes.
    s.setCredential('other', { token: 'tok_def', portalUrl: 'https://support.example.org' });
    s.set('default', 'account', 'Bayside');
    expect(mode(s.paths.credentialsFile)).toBe(0o600);
    expect(mode(s.paths.configFile)).toBe(0o600);
  });

  it('tightens an existing state folder that others can read', () => {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    openConfigStore(env);
    expect(mode(dir)).toBe(0o700);
  });

  it('keeps tokens out of the config file and settings per profile', () => {
    const s = openConfigStore(env);
    s.set('default', 'portalUrl', 'https://a.example.org');
    s.set('staging', 'portalUrl', 'https://b.example.org');
    s.setCredential('staging', { token: 'tok_staging_secret', portalUrl: 'https://b.example.org' });
    expect(readFileSync(s.paths.configFile, 'utf8')).not.toContain('tok_staging_secret');
    const again = openConfigStore(env);
    expect(again.profileNames()).toEqual(['default', 'staging']);
    expect(again.profile('staging').portalUrl).toBe('https://b.example.org');
    expect(again.credential('staging')?.token).toBe('tok_staging_secret');
    expect(again.credential('default')).toBeUndefined();
    expect(again.unset('staging', 'portalUrl')).toBe(true);
    expect(again.unset('staging', 'portalUrl')).toBe(false);
    expect(again.deleteCredential('staging')).toBe(true);
    expect(openConfigStore(env).credential('staging')).toBeUndefined();
  });

  it('reports a config file that is not JSON by name, with the repair', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), '{"profiles": {');
    const e = (() => {
      try {
        openConfigStore(env);
      } catch (x) {
        return x;
      }
    })() as FileProblemError;
    expect(e).toBeInstanceOf(FileProblemError);
    expect(e.file).toBe(join(dir, 'config.json'));
    expect(e.message).toMatch(/not valid JSON/);
    expect(e.hint).toContain(`mv "${join(dir, 'config.json')}"`);
  });

  it('reports a config file of the wrong shape, naming the key', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ profiles: { default: { output: 'xml' } } }));
    expect(() => openConfigStore(env)).toThrow(/profiles\.default\.output/);
  });

  it('reports a broken credentials file when a token is needed', () => {
    const s = openConfigStore(env);
    writeFileSync(s.paths.credentialsFile, 'garbage');
    expect(() => s.credential('default')).toThrow(FileProblemError);
    expect(() => s.credential('default')).toThrow(/credentials\.json: not valid JSON/);
  });

  it('keeps sandbox tokens in memory only', () => {
    const s = withMemoryCredentials(openConfigStore(env));
    s.setCredential('sandbox', { token: 'tok_mem', portalUrl: 'http://127.0.0.1:1' });
    expect(s.credential('sandbox')?.token).toBe('tok_mem');
    expect(openConfigStore(env).credential('sandbox')).toBeUndefined();
  });
});

describe('keys', () => {
  it('checks URLs: https anywhere, http only on loopback, with the reason', () => {
    expect(CONFIG_KEYS.portalUrl.parse('https://support.example.org/', '/')).toEqual({
      ok: true,
      value: 'https://support.example.org',
    });
    expect(CONFIG_KEYS.portalUrl.parse('http://127.0.0.1:8080', '/')).toEqual({
      ok: true,
      value: 'http://127.0.0.1:8080',
    });
    expect(checkPortalUrl('http://[::1]:8080').ok).toBe(true);
    expect(checkPortalUrl('http://localhost:1').ok).toBe(true);
    const r = checkPortalUrl('http://support.example.org');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/plain http.*readable by anyone.*loopback/);
    expect(checkPortalUrl('ftp://x').ok).toBe(false);
    expect(checkPortalUrl('https://user:pw@x.org').ok).toBe(false);
    expect(checkPortalUrl('not a url').ok).toBe(false);
  });

  it('checks output and caFile values', () => {
    expect(CONFIG_KEYS.output.parse('json', '/')).toEqual({ ok: true, value: 'json' });
    expect(CONFIG_KEYS.output.parse('xml', '/').ok).toBe(false);
    expect(CONFIG_KEYS.caFile.parse('/no/such/ca.pem', '/').ok).toBe(false);
  });

  it('refuses a bad profile name', async () => {
    const { checkProfileName } = await import('../../src/config/store.js');
    expect(() => checkProfileName('../etc')).toThrow(UsageError);
    expect(checkProfileName('ci_2')).toBe('ci_2');
  });
});
