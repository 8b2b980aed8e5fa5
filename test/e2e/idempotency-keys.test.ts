/**
 * Nothing posted twice (issue 29 §6), against the sandbox over real HTTP: comments and uploads take
 * an Idempotency-Key; a replay is the stored first answer (status and body as they were) with
 * Idempotent-Replayed; the key lives 24 hours by the sandbox clock; and the built CLI killed with
 * SIGKILL during `case comment` and `case attach`, after the portal stored the thing but before the
 * CLI read the answer, then run again, leaves exactly one comment and one attachment.
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FormData, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { attachmentRows } from '../helpers/sandbox-db.js';
import { apiClient, SEEDED, startSandbox, type ApiClient, type SandboxProcess } from '../helpers/sandbox.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let sb: SandboxProcess;
let api: ApiClient;
let token: string;
let dir: { path: string; cleanup: () => void };
let n = 0;
const unique = (what: string) => `${what} ${Date.now()}-${++n}`;

beforeAll(async () => {
  sb = await startSandbox();
  api = apiClient(sb);
  token = await api.signIn(SEEDED.zack, sb.demo.password);
  dir = tempDir('ic-support-idem-');
});

afterAll(async () => {
  await sb?.stop();
  sb?.cleanup();
  dir?.cleanup();
});

const comments = async (number: string, body: string) =>
  ((await api.call('GET', `/api/v1/cases/${number}/comments`, { token })).body.comments as Json[]).filter(
    (c) => c.body === body,
  );
const attachments = async (number: string, filename: string) =>
  ((await api.call('GET', `/api/v1/cases/${number}/attachments`, { token })).body.attachments as Json[]).filter(
    (a) => a.filename === filename,
  );

async function upload(number: string, filename: string, content: string, key: string) {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/plain' }), filename);
  const r = await request(`${sb.url}/api/v1/cases/${number}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: form,
  });
  return { status: r.statusCode, headers: r.headers, body: (await r.body.json()) as Json };
}

describe('comments and uploads take an Idempotency-Key', () => {
  it('a comment: the same key and body replay the first answer; another body is 422; one comment', async () => {
    const body = unique('Keyed comment');
    const key = unique('k');
    const first = await api.call('POST', '/api/v1/cases/00001001/comments', {
      token,
      headers: { 'idempotency-key': key },
      body: { body },
    });
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await api.call('POST', '/api/v1/cases/1001/comments', {
      token,
      headers: { 'idempotency-key': key },
      body: { body },
    });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await api.call('POST', '/api/v1/cases/00001001/comments', {
      token,
      headers: { 'idempotency-key': key },
      body: { body: `${body} (edited)` },
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await comments('00001001', body)).toHaveLength(1);
  });

  it('an upload: the same key and file replay the first attachment; one attachment', async () => {
    const name = `${unique('keyed')}.txt`;
    const key = unique('k');
    const first = await upload('00001001', name, 'hello', key);
    expect(first.status).toBe(201);
    const again = await upload('00001001', name, 'hello', key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await upload('00001001', name, 'other bytes', key)).status).toBe(422);
    expect(await attachments('00001001', name)).toHaveLength(1);
  });

  it('a case: the replay is the first answer as it was, not the case as it is now', async () => {
    const key = unique('k');
    const body = {
      caseType: 'ask-a-question',
      fields: { account: 'Bayside School (TESTING)', module: 'Attendance', subject: unique('Q'), description: 'D.' },
    };
    const first = await api.call('POST', '/api/v1/cases', { token, headers: { 'idempotency-key': key }, body });
    expect(first.status).toBe(201);
    await api.call('POST', `/sandbox/v1/cases/${first.body.number}/comments`, {
      admin: true,
      body: { body: 'Looking at it.', status: 'In Progress' },
    });
    const again = await api.call('POST', '/api/v1/cases', { token, headers: { 'idempotency-key': key }, body });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.status).toBe('New');
    expect(again.body).toEqual(first.body);
  });

  it('keeps a key 24 hours by the sandbox clock: after that the same key is a new request', async () => {
    const body = unique('Comment a day apart');
    const key = unique('k');
    const post = () =>
      api.call('POST', '/api/v1/cases/00001001/comments', {
        token,
        headers: { 'idempotency-key': key },
        body: { body },
      });
    expect((await post()).status).toBe(201);
    expect((await post()).headers['idempotent-replayed']).toBe('true');
    expect(await comments('00001001', body)).toHaveLength(1);
    await api.call('POST', '/sandbox/v1/clock', { admin: true, body: { days: 1 } });
    // The sign-in token lives 8 hours by the same clock.
    token = await api.signIn(SEEDED.zack, sb.demo.password);
    const later = await post();
    expect(later.status).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(await comments('00001001', body)).toHaveLength(2);
  });
});

/** Read in the database: over HTTP, the faults set on the comments' path would take the reads too. */
function storedComments(body: string): number {
  const db = new Database(join(sb.dataDir, 'sandbox.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM comments WHERE body = ?').get(body) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('kill -9 during case comment and case attach, then run again: exactly one of each', () => {
  const env = () => ({
    ...baseEnv(join(dir.path, 'state')),
    IC_SUPPORT_PORTAL_URL: sb.url,
    IC_SUPPORT_TOKEN: token,
  });

  /** Runs the built CLI; SIGKILLs it as soon as `stored()` says the portal has what it sent. */
  async function killedOnceStored(args: string[], stored: () => Promise<boolean>): Promise<string> {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: env(), stdio: 'ignore' });
    const exited = new Promise<string>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
    );
    let done = false;
    void exited.then(() => (done = true));
    const deadline = Date.now() + 20_000;
    while (!done && Date.now() < deadline) {
      if (await stored()) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return exited;
  }

  it('case comment', async () => {
    const body = unique('Comment sent once');
    // The portal stores the comment and its answer is lost: the CLI is between retries when killed.
    await api.call('PUT', '/sandbox/v1/faults', {
      admin: true,
      body: { dropAfterRate: 1, paths: ['/api/v1/cases/00001002/comments'], limit: 1 },
    });
    const how = await killedOnceStored(
      ['case', 'comment', '00001002', '--body', body],
      async () => storedComments(body) > 0,
    );
    await api.call('DELETE', '/sandbox/v1/faults', { admin: true });
    expect(['SIGKILL', 'exit 0']).toContain(how);
    const rerun = await runCli(['case', 'comment', '00001002', '--body', body], { env: env() });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await comments('00001002', body)).toHaveLength(1);
  });

  it('case attach', async () => {
    const name = `${unique('sent-once')}.csv`;
    const file = join(dir.path, name);
    writeFileSync(file, 'a,b\n1,2\n');
    await api.call('PUT', '/sandbox/v1/faults', {
      admin: true,
      body: { dropAfterRate: 1, paths: ['/api/v1/cases/00001002/attachments'], limit: 1 },
    });
    const how = await killedOnceStored(['case', 'attach', '00001002', file], async () =>
      attachmentRows(sb.dataDir, '00001002').some((a) => a.filename === name),
    );
    await api.call('DELETE', '/sandbox/v1/faults', { admin: true });
    expect(['SIGKILL', 'exit 0']).toContain(how);
    const rerun = await runCli(['case', 'attach', '00001002', file], { env: env() });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await attachments('00001002', name)).toHaveLength(1);
  });
});
