/**
 * `ic-support config …` end to end: the CLI with its own state folder. Profiles, values
 * checked with the fix named, file modes, a corrupted file reported by name (never a stack), and
 * IC_SUPPORT_CONFIG_DIR moving all state.
 */
import { mkdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { Transcript } from '../helpers/auth-e2e.js';

const t = new Transcript();
const tmp = tempDir('ic-config-e2e-');
let n = 0;
const stateDir = () => join(tmp.path, `s${n++}`, 'nested');
afterAll(() => tmp.cleanup());

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at |internal error/);

describe('config', () => {
  it('set, get, list, unset, per profile; files 0600 in a 0700 folder created on first write', async () => {
    const dir = stateDir();
    expect(existsSync(dir)).toBe(false);
    const s = await t.run(['config', 'set', 'portalUrl', 'https://support.example.org/'], dir);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stderr).toContain('Set portalUrl = https://support.example.org in profile "default"');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    expect((await t.run(['config', 'set', 'output', 'json', '--profile', 'ci'], dir)).code).toBe(0);
    expect(
      (await t.run(['config', 'set', 'account', 'Valley High School (TESTING)', '--profile', 'ci'], dir)).code,
    ).toBe(0);

    const g = await t.run(['config', 'get', 'portalUrl'], dir);
    expect(g).toMatchObject({ code: 0, stdout: 'https://support.example.org\n' });
    const gp = await t.run(['config', 'get', 'output'], dir, { env: { IC_SUPPORT_PROFILE: 'ci' } });
    expect(gp).toMatchObject({ code: 0, stdout: 'json\n' });
    const missing = await t.run(['config', 'get', 'output'], dir);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('output is not set in profile "default"');

    const l = await t.run(['config', 'list', '--json', '--profile', 'ci'], dir);
    expect(JSON.parse(l.stdout)).toEqual({
      profile: 'ci',
      profiles: ['ci', 'default'],
      settings: { output: 'json', account: 'Valley High School (TESTING)' },
      signedIn: null,
    });
    const text = await t.run(['config', 'list'], dir);
    expect(text.stdout).toMatch(/portalUrl +https:\/\/support\.example\.org/);
    expect(text.stdout).toMatch(/signed in +no/);

    expect((await t.run(['config', 'unset', 'account', '--profile', 'ci'], dir)).code).toBe(0);
    expect((await t.run(['config', 'get', 'account', '--profile', 'ci'], dir)).code).toBe(5);

    const p = await t.run(['config', 'path'], dir);
    expect(p.stdout).toBe(`${join(dir, 'config.json')}\n`);
    expect((await t.run(['config', 'path', '--dir'], dir)).stdout).toBe(`${dir}\n`);
  });

  it('every bad value names the key and the fix', async () => {
    const dir = stateDir();
    const http = await t.run(['config', 'set', 'portalUrl', 'http://support.example.org'], dir);
    expect(http.code).toBe(2);
    expect(http.stderr).toMatch(/portalUrl: .*plain http/);
    expect(http.stderr).toContain('Example: ic-support config set portalUrl');
    const out = await t.run(['config', 'set', 'output', 'yaml'], dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('output: must be one of text, json');
    const ca = await t.run(['config', 'set', 'caFile', join(tmp.path, 'missing.pem')], dir);
    expect(ca.code).toBe(2);
    expect(ca.stderr).toMatch(/caFile: .*missing\.pem does not exist/);
    const key = await t.run(['config', 'get', 'colour'], dir);
    expect(key.code).toBe(2);
    expect(key.stderr).toContain('"colour" is not a setting');
    const tok = await t.run(['config', 'set', 'token', 'abc123'], dir);
    expect(tok.code).toBe(2);
    expect(tok.stderr).toContain('ic-support login');
    const prof = await t.run(['config', 'list', '--profile', 'a/b'], dir);
    expect(prof.code).toBe(2);
    expect(prof.stderr).toContain('--profile "a/b" is not a valid profile name');
    for (const r of [http, out, ca, key, tok, prof]) noStack(r.stderr);
  });

  it('a corrupted config file: names the file and the repair; exit 2; no stack', async () => {
    const dir = stateDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), '{ "profiles": { "default": ');
    for (const args of [['config', 'list'], ['whoami']]) {
      const r = await t.run(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join(dir, 'config.json')}: not valid JSON`);
      expect(r.stderr).toContain(`mv "${join(dir, 'config.json')}"`);
      noStack(r.stderr);
    }
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ profiles: { default: { portalUrl: 42 } } }));
    const shape = await t.run(['config', 'list'], dir);
    expect(shape.code).toBe(2);
    expect(shape.stderr).toContain('profiles.default.portalUrl');
  });

  it('a corrupted credentials file is reported when a token is needed, by name', async () => {
    const dir = stateDir();
    expect((await t.run(['config', 'set', 'portalUrl', 'https://support.example.org'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'credentials.json'), 'not json', { mode: 0o600 });
    const r = await t.run(['whoami'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'credentials.json')}: not valid JSON`);
    expect(r.stderr).toContain('you will need to sign in again');
    noStack(r.stderr);
  });

  it('without a portal URL, a command that needs one says how to set it (or to try --sandbox)', async () => {
    const dir = stateDir();
    const r = await t.run(['whoami'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No portal URL for profile "default"');
    expect(r.stderr).toContain('ic-support config set portalUrl');
    // A first-time user is told the guide's address for the Support Portal.
    expect(r.stderr).toContain('https://support.infinitecampus.com/customers');
    expect(r.stderr).toContain('--sandbox');
    const help = await t.run(['config', '--help'], dir);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'opens the Support Portal at https://support.infinitecampus.com/customers',
    );
  });

  it('help lists the settings and environment variables', async () => {
    const r = await t.run(['config', '--help'], stateDir());
    expect(r.code).toBe(0);
    for (const k of [
      'portalUrl',
      'notificationsUrl',
      'account',
      'output',
      'caFile',
      'IC_SUPPORT_CONFIG_DIR',
      'IC_SUPPORT_TOKEN',
    ])
      expect(r.stdout).toContain(k);
  });

  it('relative paths are read from the folder the command runs in: caFile, IC_SUPPORT_CONFIG_DIR', async () => {
    // In this process, that folder is the run's (cwd), not this test process's.
    const work = join(tmp.path, `work${n++}`);
    mkdirSync(work);
    writeFileSync(join(work, 'district-ca.pem'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    const dir = stateDir();
    const set = await t.run(['config', 'set', 'caFile', 'district-ca.pem'], dir, { cwd: work });
    expect(set.code, set.stderr).toBe(0);
    expect((await t.run(['config', 'get', 'caFile'], dir)).stdout).toBe(`${join(work, 'district-ca.pem')}\n`);
    const missing = await t.run(['config', 'set', 'caFile', 'district-ca.pem'], dir);
    expect(missing.code).toBe(2);

    const p = await t.run(['config', 'path', '--dir'], dir, { cwd: work, env: { IC_SUPPORT_CONFIG_DIR: 'state' } });
    expect(p.stdout).toBe(`${join(work, 'state')}\n`);
    expect(
      (await t.run(['config', 'set', 'output', 'json'], dir, { cwd: work, env: { IC_SUPPORT_CONFIG_DIR: 'state' } }))
        .code,
    ).toBe(0);
    expect(existsSync(join(work, 'state', 'config.json'))).toBe(true);
  });
});
