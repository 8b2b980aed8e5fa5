// Broken local state (issue 9): a corrupted config or credentials file, and a state folder that
// cannot be written. Each gives a message naming the file or folder and the fix, exit 2 (usage:
// "a file … is wrong"), no stack trace; commands that need no state keep working. The state folder
// is made unwritable by putting it under a regular file (IC_SUPPORT_CONFIG_DIR=…/file/state):
// chmod does not stop root, and CI runs as root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { startSandboxProcess, type SandboxProcess } from '../helpers/sandbox.js';
import { subjectCounts } from '../helpers/sandbox-db.js';
import { batchLines, expectNoCrash, signedInEnv, type Env } from './support.js';

let dir: { path: string; cleanup: () => void };
let sb: SandboxProcess;
let signedIn: Env;
beforeAll(async () => {
  dir = tempDir('ic-faults-state-');
  sb = await startSandboxProcess();
  signedIn = await signedInEnv(sb, join(dir.path, 'unused'));
});
afterAll(async () => {
  await sb?.stop();
  sb?.cleanup();
  dir?.cleanup();
});

let k = 0;
function stateWith(files: Record<string, string | Buffer>): string {
  const state = join(dir.path, `state-${k++}`);
  mkdirSync(state, { recursive: true, mode: 0o700 });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(state, name), content, { mode: 0o600 });
  return state;
}

const CORRUPT: Record<string, string | Buffer> = {
  'not JSON': '{ "profiles": { "default": { "portalUrl": ',
  'binary': Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b, 0x00]),
  'the wrong shape': JSON.stringify({ profiles: [] }),
  'a value of the wrong type': JSON.stringify({ profiles: { default: { portalUrl: 42 } } }),
  'an unknown key': JSON.stringify({ profiles: { default: { portalURL: 'https://support.example.org' } } }),
  'empty': '',
};

describe('a corrupted config file', () => {
  for (const [what, content] of Object.entries(CORRUPT)) {
    it(`${what}: named with its repair, exit 2, by every command that reads it`, async () => {
      const state = stateWith({ 'config.json': content });
      const file = join(state, 'config.json');
      const env = baseEnv(state);
      // With the portal URL and the token in the environment too: the light path must not hide it.
      const runs = [
        await runCli(['config', 'list'], { env }),
        await runCli(['whoami'], { env }),
        await runCli(['case', 'list'], { env: { ...env, IC_SUPPORT_PORTAL_URL: sb.url, IC_SUPPORT_TOKEN: signedIn.IC_SUPPORT_TOKEN! } }),
      ];
      for (const r of runs) {
        expectNoCrash(r.stderr);
        if (what === 'empty' && r.code === 0) continue; // an empty file may count as no settings
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain(`error: ${file}: `);
        expect(r.stderr).toContain(`mv "${file}" "${file}.broken"`);
      }
      // Nothing was overwritten: the user's file is still there to repair.
      expect(readFileSync(file)).toEqual(Buffer.from(content));
      // A command that needs no config still works.
      const types = await runCli(['case', 'types'], { env });
      expect(types.code, types.stderr).toBe(0);
    });
  }

  it('a corrupted credentials file is named when a token is needed, and IC_SUPPORT_TOKEN still works', async () => {
    const state = stateWith({ 'config.json': JSON.stringify({ profiles: { default: { portalUrl: sb.url } } }), 'credentials.json': '{"profiles": {"default": {"token": ' });
    const env = baseEnv(state);
    const r = await runCli(['whoami'], { env });
    expectNoCrash(r.stderr);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: ${join(state, 'credentials.json')}: not valid JSON`);
    expect(r.stderr).toContain('you will need to sign in again');
    const withEnv = await runCli(['whoami', '--json'], { env: { ...env, IC_SUPPORT_TOKEN: signedIn.IC_SUPPORT_TOKEN! } });
    expect(withEnv.code, withEnv.stderr).toBe(0);
  });
});

describe('a state folder that cannot be written', () => {
  let blocked: string;
  let env: Env;
  beforeAll(() => {
    const file = join(dir.path, 'a-file');
    writeFileSync(file, 'not a folder');
    blocked = join(file, 'state');
    env = baseEnv(blocked);
  });

  const expectStateMessage = (r: { code: number; stderr: string }): void => {
    expectNoCrash(r.stderr);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: ${blocked}: the ic-support state folder cannot be created`);
    expect(r.stderr).toContain('IC_SUPPORT_CONFIG_DIR');
  };

  it('every command that keeps state says which folder and how to fix it (exit 2)', async () => {
    const cmds = [
      ['config', 'set', 'portalUrl', 'https://support.example.org'],
      ['config', 'list'],
      ['whoami'],
      ['case', 'drafts'],
      ['outbox', 'list'],
      ['outbox', 'send'],
      ['--sandbox', 'case', 'list'],
    ];
    for (const args of cmds) expectStateMessage(await runCli(args, { env, timeoutMs: 60_000 }));
    const login = await runCli(['login', '--with-token'], { env: { ...env, IC_SUPPORT_PORTAL_URL: sb.url }, input: `${signedIn.IC_SUPPORT_TOKEN}\n` });
    expectStateMessage(login);
  });

  it('a submission with the portal and token from the environment is not filed, and says why', async () => {
    const e = { ...env, IC_SUPPORT_PORTAL_URL: sb.url, IC_SUPPORT_TOKEN: signedIn.IC_SUPPORT_TOKEN! };
    const one = await runCli(['case', 'submit', 'ask-a-question', '--account', 'Bayside School (TESTING)', '--module', 'Scheduling', '--subject', 'FSTATE single', '--description', 'How do counselors at Bayside request a schedule change this term?'], { env: e });
    expectStateMessage(one);
    const file = join(dir.path, 'state-batch.ndjson');
    writeFileSync(file, batchLines('FSTATE batch', 5));
    const batch = await runCli(['case', 'submit', '--batch', file], { env: e });
    expectStateMessage(batch);
    // It failed before sending: nothing half-done at the portal either.
    expect(subjectCounts(sb.dataDir, 'FSTATE %').size).toBe(0);
  });

  it('commands that keep no state still work', async () => {
    for (const args of [['case', 'types'], ['case', 'fields', 'data-restore'], ['--version'], ['--help']]) {
      const r = await runCli(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expectNoCrash(r.stderr);
    }
  });

  it.skipIf(process.getuid?.() === 0)('a state folder without write permission (chmod 0500; not as root)', async () => {
    const ro = join(dir.path, 'read-only-state');
    mkdirSync(ro, { mode: 0o700 });
    chmodSync(ro, 0o500);
    try {
      const r = await runCli(['config', 'set', 'portalUrl', 'https://support.example.org'], { env: baseEnv(ro) });
      expectNoCrash(r.stderr);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(ro);
    } finally {
      chmodSync(ro, 0o700);
    }
  });
});
