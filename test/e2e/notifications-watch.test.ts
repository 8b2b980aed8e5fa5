/**
 * `ic-support notifications --watch` end to end: the CLI polling the sandbox's status API (on a
 * port of its own) while the sandbox's admin API posts, updates and closes notifications; each
 * change is read from the CLI's output as it happens, and a signal ends the watch cleanly.
 * In-process, the wait between polls and the signals are the CLI's injectable services (the test
 * says when the --interval has passed, and sends the interrupt); the built CLI in a child process
 * shows that real SIGTERM and SIGINT end it with exit 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, baseEnv, startCli, tempDir, type CliResult } from '../helpers/cli.js';
import { apiClient, startSandbox, type ApiClient, type SandboxProcess } from '../helpers/sandbox.js';

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

function waitForOutput(
  out: () => string,
  err: () => string,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      const m = pattern.exec(out());
      if (m) return resolve(m);
      if (Date.now() - started > timeoutMs)
        return reject(new Error(`no ${pattern} in ${timeoutMs} ms\nstdout:\n${out()}\nstderr:\n${err()}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

interface InProcessWatcher {
  stdout(): string;
  stderr(): string;
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Ends the current wait between polls (as if --interval had passed); resolves with its length in ms. */
  elapse(): Promise<number>;
  /** Ctrl-C or SIGTERM, as the CLI's interrupt service delivers it. */
  interrupt(signal: NodeJS.Signals): void;
  /** Interrupt handlers still installed (none once the command has ended). */
  listening(): number;
  done: Promise<CliResult>;
}

/** The watch in this process: its sleeps end when the test says, its signals come from the test. */
function watchInProcess(args: string[], env: Record<string, string>): InProcessWatcher {
  const sleeping: { ms: number; wake: () => void }[] = [];
  const asleep: ((s: { ms: number; wake: () => void }) => void)[] = [];
  const handlers = new Set<(signal: NodeJS.Signals) => void>();
  const run = startCli(['notifications', '--watch', ...args], {
    env,
    services: {
      sleep: (ms, signal) =>
        new Promise<void>((resolve) => {
          const s = { ms, wake: resolve };
          signal?.addEventListener('abort', () => resolve(), { once: true });
          const waiter = asleep.shift();
          if (waiter) waiter(s);
          else sleeping.push(s);
        }),
      onInterrupt: (handler) => {
        handlers.add(handler);
        return () => handlers.delete(handler);
      },
    },
  });
  return {
    stdout: run.stdout,
    stderr: run.stderr,
    waitFor: (pattern) => waitForOutput(run.stdout, run.stderr, pattern),
    async elapse() {
      const s =
        sleeping.shift() ?? (await new Promise<{ ms: number; wake: () => void }>((resolve) => asleep.push(resolve)));
      s.wake();
      return s.ms;
    },
    interrupt: (signal) => {
      for (const h of handlers) h(signal);
    },
    listening: () => handlers.size,
    done: run.done,
  };
}

function startWatch(args: string[], env: Record<string, string>): Watcher {
  const child = spawn(process.execPath, [BIN, 'notifications', '--watch', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor: (pattern, timeoutMs) =>
      waitForOutput(
        () => out,
        () => err,
        pattern,
        timeoutMs,
      ),
  };
}

describe('ic-support notifications --watch', () => {
  let sb: SandboxProcess;
  let api: ApiClient;
  let cli: Env;

  beforeAll(async () => {
    sb = await startSandbox({ args: ['--status-port', '0'] });
    api = apiClient(sb);
    cli = cliEnv(sb.statusUrl);
  });

  afterAll(async () => {
    await sb?.stop();
    sb?.cleanup();
    cli?.state.cleanup();
  });

  it('--json: a snapshot, then one NDJSON event per change (a new incident, then its new update); SIGTERM ends it with exit 0', async () => {
    const w = watchInProcess(['--json', '--interval', '5'], cli.env);
    await w.waitFor(/^\{"type":"snapshot".*\n/);
    const snap = JSON.parse(w.stdout().split('\n')[0]!) as Json;
    // The seed's open notifications: the maintenance window and the guide's DigiCert incident (Resolved).
    expect(snap).toMatchObject({
      type: 'snapshot',
      stale: false,
      state: 'open',
      banner: { color: 'orange', openIncidents: 1, openMaintenance: 1 },
    });
    expect(snap.notifications.map((n: Json) => n.id)).toEqual(['ntf_maintenance', 'ntf_digicert']);

    const made = await api.call('POST', '/sandbox/v1/notifications', {
      admin: true,
      body: {
        kind: 'incident',
        title: 'Messenger emails delayed',
        body: 'Investigating delays in Messenger email delivery.',
      },
    });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    expect(await w.elapse()).toBe(5000);
    await w.waitFor(/\{"type":"new".*\n/);
    const update = await api.call('POST', `/sandbox/v1/notifications/${id}/updates`, {
      admin: true,
      body: { body: 'A fix is being deployed; emails are catching up.', status: 'Monitoring' },
    });
    expect(update.status).toBe(201);
    expect(await w.elapse()).toBe(5000);
    await w.waitFor(/\{"type":"update".*\n/);

    const events = w
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    expect(events.map((e) => e.type)).toEqual(['snapshot', 'new', 'status', 'update']);
    expect(events[1]!.notification).toMatchObject({
      id,
      kind: 'incident',
      title: 'Messenger emails delayed',
      status: 'Investigating',
    });
    expect(events[2]).toMatchObject({ type: 'status', from: 'Investigating', to: 'Monitoring', notification: { id } });
    expect(events[3]).toMatchObject({
      type: 'update',
      notification: { id, status: 'Monitoring' },
      update: { body: 'A fix is being deployed; emails are catching up.' },
    });
    for (const e of events) expect(Number.isNaN(Date.parse(e.detectedAt))).toBe(false);

    w.interrupt('SIGTERM');
    const end = await w.done;
    expect(end.code).toBe(0);
    expect(end.stderr).toContain('Stopped watching.');
    expect(end.stderr).not.toMatch(/\n\s+at /);
    // The handlers went with the command: nothing of it is left in the process.
    expect(w.listening()).toBe(0);
  });

  it('text: the list, then lines for a closed notification; Ctrl-C (SIGINT) ends it cleanly with exit 0', async () => {
    const made = await api.call('POST', '/sandbox/v1/notifications', {
      admin: true,
      body: {
        kind: 'incident',
        title: 'Grade Book posting errors',
        body: 'Teachers see an error when posting grades.',
      },
    });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const w = watchInProcess(['--interval', '5'], cli.env);
    await w.waitFor(new RegExp(`id: {6}${id}\\n`));
    // The seed's DigiCert incident is open but Resolved: said apart from those in progress.
    expect(w.stdout().split('\n')[0]).toMatch(
      /^\[INCIDENT\] There (is 1 open incident|are 2 open incidents) in progress\. 1 more is open but reported resolved\. There is 1 open maintenance item\.$/,
    );
    expect(
      (
        await api.call('POST', `/sandbox/v1/notifications/${id}/close`, {
          admin: true,
          body: { body: 'Resolved: grades post again.' },
        })
      ).status,
    ).toBe(200);
    expect(await w.elapse()).toBe(5000);
    const m = await w.waitFor(
      /\[[A-Z][a-z]{2} \d+, \d{4}, \d{2}:\d{2} [AP]M CS?T\] CLOSED incident: Grade Book posting errors \(Resolved\) \[(ntf_[^\]]+)\]\n/,
    );
    expect(m[1]).toBe(id);
    expect(w.stdout()).toMatch(
      /\] UPDATE incident: Grade Book posting errors \([^)]+\): Resolved: grades post again\. \[/,
    );
    // The closing update comes before the CLOSED line.
    expect(w.stdout().indexOf('Resolved: grades post again.')).toBeLessThan(
      w.stdout().indexOf('CLOSED incident: Grade Book posting errors'),
    );
    w.interrupt('SIGINT');
    const end = await w.done;
    expect(end.code).toBe(0);
    expect(end.stderr).toContain('Stopped watching.');
    expect(w.listening()).toBe(0);
  });

  // The real signals, in a real process: the built CLI ends the wait between polls at once.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`the built CLI: ${signal} during the wait ends the watch with exit 0`, async () => {
      const w = startWatch(['--json', '--interval', '5'], cli.env);
      try {
        await w.waitFor(/^\{"type":"snapshot".*\n/);
        await waitForOutput(w.stderr, w.stdout, /Watching .* every 5 s/);
        w.child.kill(signal);
        expect(await w.exit).toEqual({ code: 0, signal: null });
        expect(w.stderr()).toContain('Stopped watching.');
        expect(w.stderr()).not.toMatch(/\n\s+at /);
      } finally {
        w.child.kill('SIGKILL');
      }
    });
  }
});
