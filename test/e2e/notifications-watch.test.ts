/**
 * `ic-support notifications --watch` end to end: the built CLI polling the sandbox's status API
 * (on a port of its own) while the sandbox's admin API posts, updates and closes notifications;
 * each change is read from the CLI's output as it happens, and a signal ends the watch cleanly.
 * Uses the real minimum --interval (5 s): no test-only knob in the CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, baseEnv, tempDir } from '../helpers/cli.js';
import { apiClient, startSandboxProcess, type ApiClient, type SandboxProcess } from '../helpers/sandbox.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Env {
  state: ReturnType<typeof tempDir>;
  env: Record<string, string>;
}

function cliEnv(statusUrl: string): Env {
  const state = tempDir();
  return { state, env: { ...baseEnv(state.path), TZ: 'America/Chicago', IC_SUPPORT_NOTIFICATIONS_URL: statusUrl } };
}

interface Watcher {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWatch(args: string[], env: Record<string, string>): Watcher {
  const child = spawn(process.execPath, [BIN, 'notifications', '--watch', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = (): void => {
          const m = pattern.exec(out);
          if (m) return resolve(m);
          if (Date.now() - started > timeoutMs) return reject(new Error(`no ${pattern} in ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`));
          setTimeout(tick, 50);
        };
        tick();
      });
    },
  };
}

describe('ic-support notifications --watch', () => {
  let sb: SandboxProcess;
  let api: ApiClient;
  let cli: Env;

  beforeAll(async () => {
    sb = await startSandboxProcess({ args: ['--status-port', '0'] });
    api = apiClient(sb);
    cli = cliEnv(sb.statusUrl);
  });

  afterAll(async () => {
    await sb?.stop();
    sb?.cleanup();
    cli?.state.cleanup();
  });

  it('--json: a snapshot, then one NDJSON event per change (a new incident, then its new update); SIGTERM ends it with exit 0', async () => {
    const w = startWatch(['--json', '--interval', '5'], cli.env);
    try {
      await w.waitFor(/^\{"type":"snapshot".*\n/);
      const snap = JSON.parse(w.stdout().split('\n')[0]!) as Json;
      expect(snap).toMatchObject({ type: 'snapshot', stale: false, state: 'open', banner: { color: 'green' } });
      expect(snap.notifications.map((n: Json) => n.id)).toEqual(['ntf_maintenance']);

      const made = await api.call('POST', '/sandbox/v1/notifications', { admin: true, body: { kind: 'incident', title: 'Messenger emails delayed', body: 'Investigating delays in Messenger email delivery.' } });
      expect(made.status).toBe(201);
      const id = made.body.id as string;
      await w.waitFor(/\{"type":"new".*\n/);
      const update = await api.call('POST', `/sandbox/v1/notifications/${id}/updates`, { admin: true, body: { body: 'A fix is being deployed; emails are catching up.', status: 'Monitoring' } });
      expect(update.status).toBe(201);
      await w.waitFor(/\{"type":"update".*\n/);

      const events = w
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Json);
      expect(events.map((e) => e.type)).toEqual(['snapshot', 'new', 'status', 'update']);
      expect(events[1]!.notification).toMatchObject({ id, kind: 'incident', title: 'Messenger emails delayed', status: 'Investigating' });
      expect(events[2]).toMatchObject({ type: 'status', from: 'Investigating', to: 'Monitoring', notification: { id } });
      expect(events[3]).toMatchObject({ type: 'update', notification: { id, status: 'Monitoring' }, update: { body: 'A fix is being deployed; emails are catching up.' } });
      for (const e of events) expect(Number.isNaN(Date.parse(e.detectedAt))).toBe(false);

      w.child.kill('SIGTERM');
      expect(await w.exit).toEqual({ code: 0, signal: null });
      expect(w.stderr()).toContain('Stopped watching.');
      expect(w.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      w.child.kill('SIGKILL');
    }
  });

  it('text: the list, then lines for a closed notification; Ctrl-C (SIGINT) ends it cleanly with exit 0', async () => {
    const made = await api.call('POST', '/sandbox/v1/notifications', { admin: true, body: { kind: 'incident', title: 'Grade Book posting errors', body: 'Teachers see an error when posting grades.' } });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const w = startWatch(['--interval', '5'], cli.env);
    try {
      await w.waitFor(new RegExp(`id: {6}${id}\\n`));
      expect(w.stdout().split('\n')[0]).toMatch(/^\[INCIDENT\] There (is 1 open incident|are 2 open incidents) in progress\. There is 1 open maintenance item\.$/);
      expect((await api.call('POST', `/sandbox/v1/notifications/${id}/close`, { admin: true, body: { body: 'Resolved: grades post again.' } })).status).toBe(200);
      const m = await w.waitFor(/\[[A-Z][a-z]{2} \d+, \d{4}, \d{2}:\d{2} [AP]M CS?T\] CLOSED incident: Grade Book posting errors \(Resolved\) \[(ntf_[^\]]+)\]\n/);
      expect(m[1]).toBe(id);
      expect(w.stdout()).toMatch(/\] UPDATE incident: Grade Book posting errors \([^)]+\): Resolved: grades post again\. \[/);
      // The closing update comes before the CLOSED line.
      expect(w.stdout().indexOf('Resolved: grades post again.')).toBeLessThan(w.stdout().indexOf('CLOSED incident: Grade Book posting errors'));
      w.child.kill('SIGINT');
      expect(await w.exit).toEqual({ code: 0, signal: null });
      expect(w.stderr()).toContain('Stopped watching.');
    } finally {
      w.child.kill('SIGKILL');
    }
  });
});
