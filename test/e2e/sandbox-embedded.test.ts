/**
 * startSandbox() in-process, as an embedded --sandbox mode would call it: no process-global state,
 * the injected clock drives "today" and token expiry, close() releases the port and the database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';
import { apiClient, SEEDED } from '../helpers/sandbox.js';

let sb: Sandbox | undefined;
let dir: { path: string; cleanup: () => void } | undefined;

afterEach(async () => {
  await sb?.close();
  sb = undefined;
  dir?.cleanup();
});

describe('startSandbox in-process', () => {
  it('installs no signal handlers and closes cleanly', async () => {
    dir = tempDir();
    const before = {
      int: process.listenerCount('SIGINT'),
      term: process.listenerCount('SIGTERM'),
      exit: process.listenerCount('exit'),
    };
    const lines: string[] = [];
    sb = await startSandbox({ dataDir: dir.path, log: (l) => lines.push(l) });
    expect({
      int: process.listenerCount('SIGINT'),
      term: process.listenerCount('SIGTERM'),
      exit: process.listenerCount('exit'),
    }).toEqual(before);
    const api = apiClient(sb);
    const token = await api.signIn(sb.demo.email, sb.demo.password);
    expect((await api.call('GET', '/api/v1/me', { token })).status).toBe(200);
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain(sb.demo.password);
    const url = sb.url;
    await sb.close();
    sb = undefined;
    await expect(fetch(`${url}/api/v1/picklists`)).rejects.toThrow();
  });

  it('validates with the sandbox clock and expires tokens by it', async () => {
    dir = tempDir();
    let now = new Date('2021-09-15T18:00:00Z');
    sb = await startSandbox({ dataDir: dir.path, clock: () => now, tokenTtlSeconds: 3600 });
    const api = apiClient(sb);
    const token = await api.signIn(SEEDED.zack, sb.demo.password);
    const body = (issueBegan: string) => ({
      caseType: 'application-issue',
      fields: {
        account: 'dst_bayside',
        type: 'Campus Application',
        module: 'Grade Book',
        subject: 'Teachers unable to post grades',
        description: 'Post is greyed out.',
        issueBegan,
      },
    });
    const future = await api.call('POST', '/api/v1/cases', {
      token,
      headers: { 'idempotency-key': 'a' },
      body: body('2021-09-16'),
    });
    expect(future.status).toBe(422);
    expect(future.body.fields[0].field).toBe('issueBegan');
    const ok = await api.call('POST', '/api/v1/cases', {
      token,
      headers: { 'idempotency-key': 'b' },
      body: body('2021-09-07'),
    });
    expect(ok.status).toBe(201);
    expect(ok.body.createdAt).toBe('2021-09-15T18:00:00.000Z');
    now = new Date('2021-09-15T19:00:01Z');
    const expired = await api.call('GET', '/api/v1/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('token_expired');
  });

  it('seeds the maintenance window two weeks after it was posted, relative to the clock', async () => {
    dir = tempDir();
    sb = await startSandbox({ dataDir: dir.path, clock: () => new Date('2030-03-01T12:00:00Z') });
    const r = await apiClient(sb).call('GET', '/status/v1/notifications');
    const m = r.body.notifications[0];
    expect(m.postedAt).toBe('2030-02-28T12:00:00.000Z');
    expect(m.startsAt).toBe('2030-03-14T04:00:00.000Z');
  });
});
