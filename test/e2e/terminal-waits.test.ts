/**
 * A spinner on every wait at a terminal (issue 15 item 6), beyond listing and showing (see
 * terminal.test.ts, which draws it in a real pseudo-terminal): closing and reopening a case (and
 * the fetch that fills the editor's header), the notifications (list, show, --check, each --watch
 * poll), the catalog and case watch. These run in this process at a pretend terminal, every
 * request held until the spinner has drawn (held-requests.ts), and `--watch` on the test's clock.
 * And none of it in a pipe, in CI or with --json written to a file: the bytes are exactly the text.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pty from '@lydell/node-pty';
import { BIN, ROOT, runCli, type InProcessOptions } from '../helpers/cli.js';
import { runAtTerminal } from '../helpers/held-requests.js';
import { fileServerIssue } from '../helpers/filed-case.js';
import { useSandboxSession, type Body } from '../helpers/sandbox.js';

const s = useSandboxSession();
const ESC = '\u001b';
// What only a spinner writes: cursor hiding/showing, erasing a line, moving to column 0.
// eslint-disable-next-line no-control-regex
const SPINNER_CODES = /\u001b\[\?25[lh]|\u001b\[2K|\u001b\[G|\u001b\[1G/;

const ttyEnv = (extra: Record<string, string> = {}): Record<string, string> => {
  const env: Record<string, string> = { ...s.env, TZ: 'America/Chicago', ...extra };
  delete env.NO_COLOR;
  return env;
};
const admin = async (method: string, path: string, body?: unknown): Promise<Body> => {
  const r = await s.api.call(method, path, { admin: true, ...(body !== undefined ? { body } : {}) });
  expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
  return r.body;
};

let number = '';
let incident = '';

beforeAll(async () => {
  number = await fileServerIssue(s.env);
  incident = (
    (await admin('POST', '/sandbox/v1/notifications', {
      kind: 'incident',
      title: 'Campus Parent app errors',
      body: 'Investigating.',
    })) as { id: string }
  ).id;
});

const atTerminal = (args: string[], env: Record<string, string>, services: InProcessOptions['services'] = {}) =>
  runAtTerminal(args, { env, services });

describe('a spinner while the portal is asked', () => {
  it('case close and case reopen, including the fetch that fills the editor’s header', async () => {
    const close = await atTerminal(['case', 'close', number], ttyEnv());
    expect(close.code, close.stderr).toBe(0);
    expect(close.stderr).toMatch(SPINNER_CODES);
    expect(close.text).toContain(`Closing case ${number}`);
    expect(close.stdout + close.text).toContain(`Closed case ${number}`);

    const editor = join(s.dir, 'reopen-editor.sh');
    writeFileSync(
      editor,
      `#!/bin/sh\nprintf 'The export still stops at 2 AM, now on the second server too.\\n' > "$1"\n`,
    );
    chmodSync(editor, 0o755);
    const reopen = await atTerminal(['case', 'reopen', number], ttyEnv({ EDITOR: editor, VISUAL: '' }));
    expect(reopen.code, reopen.stderr).toBe(0);
    const fetching = reopen.text.indexOf(`Fetching case ${number}`);
    expect(fetching, reopen.text).toBeGreaterThanOrEqual(0);
    expect(reopen.text.indexOf(`Reopening case ${number}`, fetching), reopen.text).toBeGreaterThan(fetching);
    expect(reopen.stdout + reopen.text).toContain(`Reopened case ${number}`);
    expect(((await s.stored(number)) as { status: string }).status).not.toBe('Closed');
  });

  it('notifications: the list, one notification and --check', async () => {
    const list = await atTerminal(['notifications'], ttyEnv());
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).toMatch(SPINNER_CODES);
    expect(list.text).toContain('Reading the open notifications');
    expect(list.stdout).toContain('Campus Parent app errors');

    const show = await atTerminal(['notifications', 'show', incident], ttyEnv());
    expect(show.code, show.stderr).toBe(0);
    expect(show.text).toContain(`Reading notification ${incident}`);

    const check = await atTerminal(['notifications', '--check'], ttyEnv());
    expect(check.code, check.stderr).toBe(12);
    expect(check.text).toContain('Reading the open notifications');
    expect(check.stdout).toContain('IC-SUPPORT CRITICAL');
  });

  it('notifications --watch: on each poll, not only the first', async () => {
    // The pause between polls is the test's: the first ends at once, the second is Ctrl-C.
    const interrupts = new Set<(signal: NodeJS.Signals) => void>();
    let pauses = 0;
    const w = await atTerminal(['notifications', '--watch', '--interval', '300'], ttyEnv(), {
      sleep: async () => {
        if (++pauses === 2) for (const h of interrupts) h('SIGINT');
      },
      onInterrupt: (handler) => {
        interrupts.add(handler);
        return () => interrupts.delete(handler);
      },
    });
    expect(w.code, w.stderr).toBe(0);
    expect(pauses).toBe(2);
    const watching = w.text.indexOf('Ctrl-C to stop');
    expect(watching, w.text).toBeGreaterThan(w.text.indexOf('Reading the open notifications'));
    // The second poll shows the spinner again.
    expect(w.text.indexOf('Reading the open notifications', watching), w.text).toBeGreaterThan(watching);
    expect(w.sent).toBeGreaterThanOrEqual(2);
  });

  it('catalog refresh and case watch', async () => {
    const refresh = await atTerminal(['catalog', 'refresh'], ttyEnv());
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.text).toContain("Fetching the portal's catalog");

    const first = await atTerminal(['case', 'watch'], ttyEnv());
    expect(first.code, first.stderr).toBe(0);
    expect(first.text).toContain('Recording your open cases');
    const again = await atTerminal(['case', 'watch'], ttyEnv());
    expect(again.code, again.stderr).toBe(0);
    expect(again.text).toContain('Checking your cases for changes');
  });
});

describe('no spinner where none may run', () => {
  // Each request waits a little, so that a spinner started by mistake would have drawn a frame.
  beforeAll(async () => {
    await admin('PUT', '/sandbox/v1/faults', { latencyMs: 100, paths: ['/api/v1/', '/status/v1/'] });
  });
  afterAll(async () => {
    await s.api.call('DELETE', '/sandbox/v1/faults', { admin: true });
  });

  it('in a pipe: the bytes are the text alone, on both streams (CI or not)', async () => {
    for (const extra of [{}, { CI: 'true' }] as Record<string, string>[]) {
      const env = ttyEnv(extra);
      const r = await runCli(['notifications', 'show', incident], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.startsWith('Campus Parent app errors\n')).toBe(true);
      expect(r.stdout.includes(ESC)).toBe(false);
      const reopen = await runCli(['case', 'reopen', number, '--body', 'Still stops.'], { env });
      expect(reopen).toEqual({
        code: 13,
        stdout: '',
        stderr: `Case ${number} is open already (In Progress); nothing changed. Add details with: ic-support case comment ${number}\n`,
      });
      const check = await runCli(['notifications', '--check'], { env });
      expect(check.code).toBe(12);
      expect(check.stderr).toBe('');
      expect(check.stdout).toMatch(/^IC-SUPPORT CRITICAL - .*\n$/);
      expect(check.stdout.includes(ESC)).toBe(false);
    }
  });

  it('--json to a file at a terminal: the terminal shows nothing at all, the file holds the JSON', async () => {
    const file = join(s.dir, 'notifications.json');
    const env = ttyEnv();
    const p = pty.spawn('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" notifications --json > "${file}"`], {
      name: 'xterm-256color',
      cols: 100,
      rows: 30,
      cwd: ROOT,
      env: { ...env, TERM: 'xterm-256color' },
    });
    let raw = '';
    p.onData((d) => (raw += d));
    const code = await new Promise<number>((resolve) => p.onExit((e) => resolve(e.exitCode)));
    expect(code, raw).toBe(0);
    expect(raw).toBe('');
    expect(
      (JSON.parse(readFileSync(file, 'utf8')) as { notifications: { id: string }[] }).notifications.map((n) => n.id),
    ).toContain(incident);
  });
});
