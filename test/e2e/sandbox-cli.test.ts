/**
 * `ic-support sandbox` as a user runs it: what it prints, where it keeps its data, restart and
 * --reset, clean stops on SIGINT/SIGTERM, and the vendor-side sub-commands against a running sandbox.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, ROOT, runCli, tempDir, TEST_NODE } from '../helpers/cli.js';
import { apiClient, SEEDED, startSandboxProcess, type SandboxProcess } from '../helpers/sandbox.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('ic-support sandbox (foreground)', () => {
  it('prints the URLs, demo sign-in, admin key and data directory (default <state dir>/sandbox), and stops on Ctrl-C', async () => {
    const state = tempDir();
    try {
      const child = spawn(TEST_NODE, [BIN, 'sandbox', '--port', '0'], {
        cwd: ROOT,
        env: baseEnv(state.path),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no banner: ${out} ${err}`)), 20_000);
        child.stdout.on('data', () => {
          if (out.includes('Press Ctrl-C to stop.')) {
            clearTimeout(t);
            resolve();
          }
        });
      });
      const dataDir = join(state.path, 'sandbox');
      const url = /Portal URL:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      expect(out).toMatch(/Status URL:\s+http:\/\/127\.0\.0\.1:\d+/);
      expect(out).toContain('Demo sign-in:   zack.morris@bayside.example / Bayside-Tigers-1989');
      expect(out).toContain(`Data directory: ${dataDir}`);
      const key = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
      expect(out).toContain(key);
      expect(statSync(join(dataDir, 'admin-key')).mode & 0o777).toBe(0o600);
      const r = await fetch(`${url}/status/v1/notifications`);
      expect(r.status).toBe(200);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(err).toContain('Sandbox stopped');
      expect(err).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(join(dataDir, 'sandbox.json'))).toBe(false);
    } finally {
      state.cleanup();
    }
  });

  it('keeps its data across restarts (cases, sessions, admin key) and starts fresh with --reset', async () => {
    const dir = tempDir('ic-support-sandbox-');
    try {
      let sb = await startSandboxProcess({ dataDir: dir.path });
      let api = apiClient(sb);
      const token = await api.signIn(SEEDED.zack, sb.demo.password);
      const made = await api.call('POST', '/api/v1/cases', {
        token,
        headers: { 'idempotency-key': 'restart-1' },
        body: {
          caseType: 'ask-a-question',
          fields: { account: 'dst_bayside', module: 'Fees', subject: 'Survives a restart', description: 'Persisted.' },
        },
      });
      expect(made.status).toBe(201);
      const key1 = sb.adminKey;
      expect(await sb.stop('SIGTERM')).toBe(0);

      sb = await startSandboxProcess({ dataDir: dir.path });
      api = apiClient(sb);
      expect(sb.adminKey).toBe(key1);
      const again = await api.call('GET', `/api/v1/cases/${made.body.number}`, { token });
      expect(again.status).toBe(200);
      expect(again.body.subject).toBe('Survives a restart');
      const replay = await api.call('POST', '/api/v1/cases', {
        token,
        headers: { 'idempotency-key': 'restart-1' },
        body: {
          caseType: 'ask-a-question',
          fields: { account: 'dst_bayside', module: 'Fees', subject: 'Survives a restart', description: 'Persisted.' },
        },
      });
      // A replay is the stored original answer (issue 29 §6): 201 again, marked as a replay.
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.number).toBe(made.body.number);
      expect(await sb.stop()).toBe(0);

      sb = await startSandboxProcess({ dataDir: dir.path, reset: true });
      api = apiClient(sb);
      expect(sb.adminKey).not.toBe(key1);
      expect((await api.call('GET', '/api/v1/me', { token })).status).toBe(401);
      const fresh = await api.signIn(SEEDED.zack, sb.demo.password);
      expect((await api.call('GET', `/api/v1/cases/${made.body.number}`, { token: fresh })).status).toBe(404);
      expect((await api.call('GET', '/api/v1/cases/00001001', { token: fresh })).status).toBe(200);
      expect(await sb.stop()).toBe(0);
    } finally {
      dir.cleanup();
    }
  });

  it('serves the status API from a port of its own with --status-port', async () => {
    const sb = await startSandboxProcess({ args: ['--status-port', '0'] });
    try {
      expect(sb.statusUrl).not.toBe(sb.url);
      // The guide's DigiCert incident is among the open ones (status Resolved).
      const r = await fetch(`${sb.statusUrl}/status/v1/notifications`);
      const body = (await r.json()) as Json;
      expect((body.notifications as Json[]).map((n) => n.title)).toContain('DigiCert Incident');
    } finally {
      await sb.stop();
      sb.cleanup();
    }
  });

  it('holds bulk cases with --seed-cases', async () => {
    const sb = await startSandboxProcess({ args: ['--seed-cases', '300'] });
    try {
      const api = apiClient(sb);
      const count = await api.call('GET', '/sandbox/v1/cases/count', { admin: true });
      expect(count.body.count).toBe(304); // the seed's 4 cases and 300 bulk ones
      const token = await api.signIn(SEEDED.zack, sb.demo.password);
      const page = await api.call('GET', '/api/v1/cases?status=all&limit=100', { token });
      expect((page.body.cases as Json[]).length).toBe(100);
      expect(page.body.nextCursor).toEqual(expect.any(String));
    } finally {
      await sb.stop();
      sb.cleanup();
    }
  });

  it("an admin verb's help lists only its own options, and the root's as global, each once (issue 26 §17)", async () => {
    const dir = tempDir();
    try {
      const r = await runCli(['sandbox', 'faults', 'show', '--help'], { env: baseEnv(dir.path) });
      expect(r.code, r.stderr).toBe(0);
      for (const server of ['--port', '--reset', '--token-ttl', '--status-port', '--seed-cases'])
        expect(r.stdout).not.toContain(server);
      const flags = [...r.stdout.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]);
      expect(flags).toEqual([...new Set(flags)]);
      expect(flags).toEqual(expect.arrayContaining(['--url', '--data-dir', '--json', '--verbose', '--no-color']));
    } finally {
      dir.cleanup();
    }
  });

  it('says clearly when the port is taken: a usage error naming the port and --port 0 (exit 2, no stack trace)', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const dir = tempDir();
    try {
      const r = await runCli(['sandbox', '--port', String(port), '--data-dir', join(dir.path, 'sb')], {
        env: baseEnv(dir.path),
      });
      // Issue 26 §17: the user's choice to change, not an unavailable service (was exit 8).
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `error: Port ${port} on 127.0.0.1 is already in use.\nChoose another with --port, or --port 0 for a free one.\n`,
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const bad = await runCli(['sandbox', '--port', 'eighty'], { env: baseEnv(dir.path) });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--port must be a whole number');
    } finally {
      blocker.close();
      dir.cleanup();
    }
  });
});

describe('vendor-side sub-commands', () => {
  let sb: SandboxProcess;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(['sandbox', ...args, '--data-dir', sb.dataDir], { env });

  beforeAll(async () => {
    sb = await startSandboxProcess();
    env = baseEnv(sb.dataDir);
  });

  afterAll(async () => {
    await sb?.stop();
    sb?.cleanup();
  });

  it('comments and resolves a case, found through the data directory', async () => {
    const c = await cli('comment', '00001002', '--body', 'Could you send a screenshot?', '--status', 'In Progress');
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/^Added vendor comment cmt_\S+ to case 00001002\.\n$/);
    const r = await cli('resolve', '1002', '--resolution', 'Use the Attendance Register report.', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      number: '00001002',
      status: 'Closed',
      resolution: 'Use the Attendance Register report.',
    });
    const missing = await cli('resolve', '09999999', '--resolution', 'x');
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('Case 09999999 was not found.');
  });

  it('posts, updates and closes notifications', async () => {
    const p = await cli(
      'notify',
      'post',
      '--kind',
      'incident',
      '--title',
      'Campus Parent login errors',
      '--body',
      'Investigating reports.',
      '--json',
    );
    expect(p.code).toBe(0);
    const n = JSON.parse(p.stdout) as Json;
    expect(n).toMatchObject({ kind: 'incident', state: 'open', title: 'Campus Parent login errors' });
    const u = await cli('notify', 'add-update', n.id, '--body', 'Fix deployed; monitoring.', '--status', 'Monitoring');
    expect(u.code).toBe(0);
    expect(u.stdout).toContain('Monitoring');
    const c = await cli('notify', 'close', n.id);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('closed  Resolved');
    const bad = await cli('notify', 'update', n.id, '--starts-at', 'tomorrow');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('startsAt');
  });

  it('shows the mailbox and counts cases', async () => {
    await fetch(`${sb.url}/api/v1/activation/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: SEEDED.kelly }),
    });
    const m = await cli('mailbox', '--to', SEEDED.kelly);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/activation {2}to kelly\.kapowski@bayside\.example\n.*\n {2}token: act_\S+/);
    const n = await cli('count', '--account', 'Bayside School (TESTING)');
    expect(n.code).toBe(0);
    expect(n.stdout).toBe('3\n'); // Bayside's seeded cases: 1000, 1001 and 1002
  });

  it('sets, shows and clears faults', async () => {
    const s = await cli('faults', 'set', '--error-rate', '1', '--limit', '1', '--paths', '/api/v1/picklists');
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('errorRate=1');
    expect((await fetch(`${sb.url}/api/v1/picklists`)).status).toBe(503);
    const show = await cli('faults', 'show', '--json');
    expect(JSON.parse(show.stdout).counters).toMatchObject({ errors: 1 });
    const bad = await cli('faults', 'set', '--drop-rate', '1.5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--drop-rate must be a share from 0 to 1');
    expect((await cli('faults', 'clear')).stdout).toBe('Faults cleared.\n');
  });

  it('says how to start a sandbox when none is running there', async () => {
    const dir = tempDir();
    try {
      const r = await runCli(['sandbox', 'mailbox', '--data-dir', dir.path], { env: baseEnv(dir.path) });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('No running sandbox is recorded in');
      expect(r.stderr).toContain('ic-support sandbox');
      const gone = await runCli(['sandbox', 'mailbox', '--url', 'http://127.0.0.1:9', '--data-dir', sb.dataDir], {
        env: baseEnv(dir.path),
      });
      expect(gone.code).toBe(8);
      expect(gone.stderr).toContain('No sandbox answers at http://127.0.0.1:9');
      expect(gone.stderr).not.toMatch(/\n\s+at /);
    } finally {
      dir.cleanup();
    }
  });
});
