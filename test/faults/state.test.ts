// Broken local state (issue 9): a corrupted config or credentials file, and a state folder that
// cannot be written. Each gives a message naming the file or folder and the fix, exit 2 (usage:
// "a file … is wrong"), no stack trace; commands that need no state keep working. The state folder
// is made unwritable by putting it under a regular file (IC_SUPPORT_CONFIG_DIR=…/file/state):
// chmod does not stop root, and CI runs as root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { startSandbox, type SandboxProcess } from '../helpers/sandbox.js';
import { attachmentRows, subjectCounts } from '../helpers/sandbox-db.js';
import { OutboxStore } from '../../src/state/outbox.js';
import { DraftStore } from '../../src/state/drafts.js';
import { startHostilePortal } from '../helpers/hostile-portal.js';
import { batchLines, expectNoCrash, signedInEnv, type Env } from './support.js';

let dir: { path: string; cleanup: () => void };
let sb: SandboxProcess;
let signedIn: Env;
beforeAll(async () => {
  dir = tempDir('ic-faults-state-');
  sb = await startSandbox();
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
  binary: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b, 0x00]),
  'the wrong shape': JSON.stringify({ profiles: [] }),
  'a value of the wrong type': JSON.stringify({ profiles: { default: { portalUrl: 42 } } }),
  'an unknown key': JSON.stringify({ profiles: { default: { portalURL: 'https://support.example.org' } } }),
  empty: '',
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
        await runCli(['case', 'list'], {
          env: { ...env, IC_SUPPORT_PORTAL_URL: sb.url, IC_SUPPORT_TOKEN: signedIn.IC_SUPPORT_TOKEN! },
        }),
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
    const state = stateWith({
      'config.json': JSON.stringify({ profiles: { default: { portalUrl: sb.url } } }),
      'credentials.json': '{"profiles": {"default": {"token": ',
    });
    const env = baseEnv(state);
    const r = await runCli(['whoami'], { env });
    expectNoCrash(r.stderr);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: ${join(state, 'credentials.json')}: not valid JSON`);
    expect(r.stderr).toContain('you will need to sign in again');
    const withEnv = await runCli(['whoami', '--json'], {
      env: { ...env, IC_SUPPORT_TOKEN: signedIn.IC_SUPPORT_TOKEN! },
    });
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
    const login = await runCli(['login', '--with-token'], {
      env: { ...env, IC_SUPPORT_PORTAL_URL: sb.url },
      input: `${signedIn.IC_SUPPORT_TOKEN}\n`,
    });
    expectStateMessage(login);
  });

  it('a submission with the portal and token from the environment is not filed, and says why', async () => {
    const e = { ...env, IC_SUPPORT_PORTAL_URL: sb.url, IC_SUPPORT_TOKEN: signedIn.IC_SUPPORT_TOKEN! };
    const one = await runCli(
      [
        'case',
        'submit',
        'ask-a-question',
        '--account',
        'Bayside School (TESTING)',
        '--module',
        'Scheduling',
        '--subject',
        'FSTATE single',
        '--description',
        'How do counselors at Bayside request a schedule change this term?',
      ],
      { env: e },
    );
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

// Damaged state files (issue 17 item 10): one truncated or wrong-shaped outbox entry or draft
// never blocks the others. It is moved to the folder's damaged/ sub-folder (never deleted: it may
// hold the only copy of a case), named with where it went, and the rest proceeds.
describe('a damaged outbox entry or draft', () => {
  const ASK = {
    caseType: 'ask-a-question',
    fields: {
      account: 'Bayside School (TESTING)',
      module: 'Scheduling',
      description: 'How do counselors at Bayside request a schedule change this term?',
    },
  };

  /** A state folder whose outbox holds one good entry (for the sandbox) and the damaged files given. */
  function outboxWith(
    subject: string,
    damaged: Record<string, string>,
  ): { state: string; outbox: string; good: string } {
    const state = stateWith({});
    const outbox = join(state, 'outbox');
    const store = new OutboxStore(outbox);
    const good = store.add({
      profile: 'default',
      portalUrl: sb.url,
      body: { ...ASK, fields: { ...ASK.fields, subject } },
      idempotencyKey: `k-${subject}-${k}`,
      attachments: [],
      lastError: 'unreachable',
      source: 'flags',
    });
    for (const [name, content] of Object.entries(damaged)) writeFileSync(join(outbox, name), content, { mode: 0o600 });
    return { state, outbox, good: good.id };
  }

  const entry = (id: string, over: Record<string, unknown>): string =>
    JSON.stringify({
      id,
      createdAt: '2026-11-30T00:00:00.000Z',
      updatedAt: '2026-11-30T00:00:00.000Z',
      profile: 'default',
      portalUrl: sb.url,
      body: { ...ASK, fields: { ...ASK.fields, subject: `FDAMAGED ${id}` } },
      idempotencyKey: `k-${id}`,
      attachments: [],
      attempts: 1,
      lastError: 'x',
      source: 'flags',
      ...over,
    });

  it('outbox list and outbox send set aside a truncated entry and one of the wrong shape, and send the rest', async () => {
    const truncated = 'o-20261130-0000000a';
    const wrong = 'o-20261130-0000000b';
    const whole = entry(truncated, {});
    const { state, outbox, good } = outboxWith('FDAMAGED good', {
      [`${truncated}.json`]: whole.slice(0, whole.length / 2),
      [`${wrong}.json`]: entry(wrong, { body: 'not a case', attachments: 'none' }),
    });
    const env = { ...baseEnv(state), IC_SUPPORT_PORTAL_URL: sb.url, IC_SUPPORT_TOKEN: signedIn.IC_SUPPORT_TOKEN! };

    const list = await runCli(['outbox', 'list'], { env });
    expectNoCrash(list.stderr);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(good);
    expect(list.stdout).not.toContain(truncated);
    for (const [id, why] of [
      [truncated, 'is not valid JSON (truncated?)'],
      [wrong, 'is not a valid outbox entry (body)'],
    ] as const) {
      expect(list.stderr).toContain(
        `warning: ${join(outbox, `${id}.json`)} ${why}: this outbox entry was set aside in ${join(outbox, 'damaged', `${id}.json`)} (kept, not deleted`,
      );
    }
    // Moved, never deleted: the bytes are what they were.
    expect(readFileSync(join(outbox, 'damaged', `${truncated}.json`), 'utf8')).toBe(whole.slice(0, whole.length / 2));
    expect(existsSync(join(outbox, `${truncated}.json`))).toBe(false);

    // A second damaged entry appears before send: named, the good one is still filed, exit 2.
    writeFileSync(join(outbox, `${truncated}.json`), '{"id": 3', { mode: 0o600 });
    const send = await runCli(['outbox', 'send'], { env });
    expectNoCrash(send.stderr);
    expect(send.code, send.stderr).toBe(2);
    expect(send.stdout).toContain(`${good}\tfiled\t`);
    expect(send.stderr).toContain(
      `warning: ${join(outbox, `${truncated}.json`)} is not valid JSON (truncated?): this outbox entry was set aside in ${join(outbox, 'damaged', `${truncated}.json.1`)}`,
    );
    expect(send.stderr).toContain('Outbox: 1 sent, 0 still waiting, 1 damaged (set aside).');
    expect(subjectCounts(sb.dataDir, 'FDAMAGED %')).toEqual(new Map([['FDAMAGED good', 1]]));
    expect(readdirSync(join(outbox, 'damaged')).sort()).toEqual([
      `${truncated}.json`,
      `${truncated}.json.1`,
      `${wrong}.json`,
    ]);
  });

  it('an entry edited to upload a file outside its own copies is set aside; that file is never sent', async () => {
    const id = 'o-20261130-0000000c';
    const secret = join(dir.path, 'not-an-attachment.txt');
    writeFileSync(secret, 'private');
    const { state, outbox } = outboxWith('FDAMAGED other', {
      [`${id}.json`]: entry(id, {
        caseNumber: '00001001',
        attachments: [{ name: 'x.txt', path: secret, size: 7, uploaded: false }],
      }),
    });
    mkdirSync(join(outbox, `${id}.files`));
    const env = { ...baseEnv(state), IC_SUPPORT_PORTAL_URL: sb.url, IC_SUPPORT_TOKEN: signedIn.IC_SUPPORT_TOKEN! };
    const send = await runCli(['outbox', 'send'], { env });
    expect(send.code, send.stderr).toBe(2);
    expect(send.stderr).toContain(`is not a valid outbox entry (attachments[0].path is not a copy in ${id}.files)`);
    expect(attachmentRows(sb.dataDir, '00001001').map((a) => a.filename)).not.toContain('x.txt');
    // Its folder of copies went with it.
    expect(readdirSync(join(outbox, 'damaged')).sort()).toEqual([`${id}.files`, `${id}.json`]);
  });

  it('a draft of the wrong shape or truncated does not break case drafts; resuming it names where it went', async () => {
    const state = stateWith({});
    const drafts = join(state, 'drafts');
    const store = new DraftStore(drafts);
    const good = store.create('ask-a-question', { subject: 'Kept draft' }, 'saved');
    mkdirSync(drafts, { recursive: true });
    writeFileSync(
      join(drafts, '20261130-aaaaaa.json'),
      JSON.stringify({
        id: '20261130-aaaaaa',
        caseType: 'ask-a-question',
        values: 'not values',
        idempotencyKey: 'k',
        createdAt: 'x',
        updatedAt: 'x',
        reason: 'saved',
      }),
    );
    writeFileSync(join(drafts, '20261130-bbbbbb.json'), '{"id": "20261130-bbbbbb", "values": {');
    const env = baseEnv(state);
    const list = await runCli(['case', 'drafts'], { env });
    expectNoCrash(list.stderr);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(`${good.id}\task-a-question`);
    expect(list.stderr).toContain(
      `warning: ${join(drafts, '20261130-aaaaaa.json')} is not a valid draft (values): this draft was set aside in ${join(drafts, 'damaged', '20261130-aaaaaa.json')}`,
    );
    expect(list.stderr).toContain(`warning: ${join(drafts, '20261130-bbbbbb.json')} is not valid JSON (truncated?)`);
    const json = await runCli(['case', 'drafts', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((d) => d.id)).toEqual([good.id]);

    writeFileSync(join(drafts, '20261130-cccccc.json'), '{"id": "20261130-cccccc"}');
    const resume = await runCli(['case', 'submit', '--draft', '20261130-cccccc'], { env });
    expectNoCrash(resume.stderr);
    expect(resume.code, resume.stderr).toBe(2);
    expect(resume.stderr).toContain(
      `error: ${join(drafts, '20261130-cccccc.json')}: is not a valid draft (values); it was set aside in ${join(drafts, 'damaged', '20261130-cccccc.json')}, not deleted`,
    );
  });
});

// A state folder that is not the user's (issue 17 item 7): refused with the fix, as ssh does, and
// nothing is sent with what another user planted there. Ownership is changed with chown, which
// needs root (CI runs as root); the permission and link cases run as anyone.
describe("a config folder or file that is not the user's", () => {
  const asRoot = process.getuid?.() === 0;
  const CONFIG = (url: string) => JSON.stringify({ profiles: { default: { portalUrl: url } } });

  const expectRefused = (r: { code: number; stderr: string }, path: string, why: string, fix: string): void => {
    expectNoCrash(r.stderr);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: ${path}: ${why}`);
    expect(r.stderr).toContain(fix);
  };

  it.skipIf(!asRoot)('a state folder owned by another user is refused by every command that reads it', async () => {
    const state = stateWith({ 'config.json': CONFIG(sb.url) });
    chownSync(state, 65534, 65534);
    const env = baseEnv(state);
    for (const args of [['config', 'list'], ['whoami'], ['case', 'drafts'], ['outbox', 'list']]) {
      const r = await runCli(args, { env });
      expectRefused(r, state, 'is owned by another user (uid 65534; you are uid 0)', `chown -R 0 "${state}"`);
    }
    // With the portal and the token in the environment too: the fast path must not skip the check.
    const r = await runCli(['case', 'list'], {
      env: { ...env, IC_SUPPORT_PORTAL_URL: sb.url, IC_SUPPORT_TOKEN: signedIn.IC_SUPPORT_TOKEN! },
    });
    expectRefused(r, state, 'is owned by another user', 'IC_SUPPORT_CONFIG_DIR');
  });

  it.skipIf(!asRoot)('a config.json another user planted: login never sends the password to its portal', async () => {
    const trap = await startHostilePortal('echo-request');
    try {
      const state = stateWith({ 'config.json': CONFIG(trap.url) });
      chownSync(join(state, 'config.json'), 65534, 65534);
      const r = await runCli(['login', '--email', 'zack@bayside.example', '--password-stdin'], {
        env: baseEnv(state),
        input: 'the-password-1234\n',
      });
      expectRefused(
        r,
        join(state, 'config.json'),
        'is owned by another user (uid 65534; you are uid 0)',
        'IC_SUPPORT_CONFIG_DIR',
      );
      expect(trap.requests).toEqual([]);
    } finally {
      await trap.close();
    }
  });

  it('a folder or config file writable by group or others is refused, with the chmod that fixes it', async () => {
    const open = stateWith({ 'config.json': CONFIG(sb.url) });
    chmodSync(open, 0o777);
    expectRefused(
      await runCli(['config', 'list'], { env: baseEnv(open) }),
      open,
      'can be written by other users (mode 777)',
      `chmod 700 "${open}"`,
    );
    const file = stateWith({ 'config.json': CONFIG(sb.url) });
    chmodSync(join(file, 'config.json'), 0o620);
    for (const args of [['config', 'list'], ['whoami']]) {
      expectRefused(
        await runCli(args, { env: baseEnv(file) }),
        join(file, 'config.json'),
        'can be written by other users (mode 620)',
        `chmod 600 "${join(file, 'config.json')}"`,
      );
    }
    // Readable by others but not writable: ours, tightened, used.
    const readable = stateWith({ 'config.json': CONFIG(sb.url) });
    chmodSync(readable, 0o755);
    const ok = await runCli(['config', 'list'], { env: baseEnv(readable) });
    expect(ok.code, ok.stderr).toBe(0);
    expect(statSync(readable).mode & 0o777).toBe(0o700);
  });

  it('credentials.json as a symbolic link is never followed: the token is not written into its target', async () => {
    const state = stateWith({ 'config.json': CONFIG(sb.url) });
    const target = join(dir.path, `link-target-${k}.json`);
    writeFileSync(target, '{"profiles": {}}\n', { mode: 0o600 });
    symlinkSync(target, join(state, 'credentials.json'));
    const env = baseEnv(state);
    const login = await runCli(['login', '--with-token'], { env, input: `${signedIn.IC_SUPPORT_TOKEN}\n` });
    expectRefused(
      login,
      join(state, 'credentials.json'),
      'is a symbolic link; ic-support never follows a link for the file that holds your tokens',
      `rm "${join(state, 'credentials.json')}"`,
    );
    expect(readFileSync(target, 'utf8')).toBe('{"profiles": {}}\n');
    expect(readFileSync(target, 'utf8')).not.toContain(signedIn.IC_SUPPORT_TOKEN!);
    // Nor read through: a link to someone's token file does not sign the user in as them.
    writeFileSync(
      target,
      JSON.stringify({ profiles: { default: { token: signedIn.IC_SUPPORT_TOKEN, portalUrl: sb.url } } }),
    );
    expectRefused(
      await runCli(['whoami'], { env }),
      join(state, 'credentials.json'),
      'is a symbolic link',
      'ic-support login',
    );
  });
});
