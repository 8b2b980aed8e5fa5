/**
 * A spinner on every wait at a terminal (issue 15 item 6), beyond listing and showing (see
 * terminal.test.ts): closing and reopening a case (and the fetch that fills the editor's header),
 * the notifications (list, show, --check, each --watch poll), the catalog and case watch. Every
 * request is slowed by the sandbox's latency fault, so each wait lasts long enough to be drawn.
 * And none of it in a pipe, in CI or with --json written to a file: the bytes are exactly the text.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pty from '@lydell/node-pty';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { KEY, spawnCli } from '../helpers/pty.js';
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
  incident = ((await admin('POST', '/sandbox/v1/notifications', { kind: 'incident', title: 'Campus Parent app errors', body: 'Investigating.' })) as { id: string }).id;
  await admin('PUT', '/sandbox/v1/faults', { latencyMs: 600, paths: ['/api/v1/', '/status/v1/'] });
});
afterAll(async () => {
  await s.api.call('DELETE', '/sandbox/v1/faults', { admin: true });
});

describe('a spinner while the portal is asked', () => {
  it('case close and case reopen, including the fetch that fills the editor’s header', async () => {
    const close = spawnCli(['case', 'close', number], ttyEnv());
    await close.expect(`Closing case ${number}`);
    expect((await close.exited()).code).toBe(0);
    expect(close.raw()).toMatch(SPINNER_CODES);
    expect(close.screen()).toContain(`Closed case ${number}`);

    const editor = join(s.dir, 'reopen-editor.sh');
    writeFileSync(editor, `#!/bin/sh\nprintf 'The export still stops at 2 AM, now on the second server too.\\n' > "$1"\n`);
    chmodSync(editor, 0o755);
    const reopen = spawnCli(['case', 'reopen', number], ttyEnv({ EDITOR: editor, VISUAL: '' }));
    await reopen.expect(`Fetching case ${number}`);
    await reopen.expect(`Reopening case ${number}`);
    expect((await reopen.exited()).code).toBe(0);
    expect(reopen.screen()).toContain(`Reopened case ${number}`);
  });

  it('notifications: the list, one notification and --check', async () => {
    const list = spawnCli(['notifications'], ttyEnv());
    await list.expect('Reading the open notifications');
    expect((await list.exited()).code).toBe(0);
    expect(list.raw()).toMatch(SPINNER_CODES);
    expect(list.screen()).toContain('Campus Parent app errors');

    const show = spawnCli(['notifications', 'show', incident], ttyEnv());
    await show.expect(`Reading notification ${incident}`);
    expect((await show.exited()).code).toBe(0);

    const check = spawnCli(['notifications', '--check'], ttyEnv());
    await check.expect('Reading the open notifications');
    expect((await check.exited()).code).toBe(12);
    expect(check.screen()).toContain('IC-SUPPORT CRITICAL');
  });

  it('notifications --watch: on each poll, not only the first', async () => {
    const w = spawnCli(['notifications', '--watch', '--interval', '5'], ttyEnv());
    await w.expect('Reading the open notifications');
    await w.expect('Ctrl-C to stop');
    // The next poll (5 s later) shows the spinner again.
    await w.expect('Reading the open notifications', 30_000);
    w.send(KEY.ctrlC);
    expect((await w.exited()).code).toBe(0);
  });

  it('catalog refresh and case watch', async () => {
    const refresh = spawnCli(['catalog', 'refresh'], ttyEnv());
    await refresh.expect("Fetching the portal's catalog");
    expect((await refresh.exited()).code).toBe(0);

    const first = spawnCli(['case', 'watch'], ttyEnv());
    await first.expect('Recording your open cases');
    expect((await first.exited()).code).toBe(0);
    const again = spawnCli(['case', 'watch'], ttyEnv());
    await again.expect('Checking your cases for changes');
    expect((await again.exited()).code).toBe(0);
  });
});

describe('no spinner where none may run', () => {
  it('in a pipe: the bytes are the text alone, on both streams (CI or not)', async () => {
    for (const extra of [{}, { CI: 'true' }] as Record<string, string>[]) {
      const env = ttyEnv(extra);
      const r = await runCli(['notifications', 'show', incident], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.startsWith('Campus Parent app errors\n')).toBe(true);
      expect(r.stdout.includes(ESC)).toBe(false);
      const reopen = await runCli(['case', 'reopen', number, '--body', 'Still stops.'], { env });
      expect(reopen).toEqual({ code: 13, stdout: `Case ${number} is open already (In Progress); nothing changed. Add details with: ic-support case comment ${number}\n`, stderr: '' });
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
    const p = pty.spawn('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" notifications --json > "${file}"`], { name: 'xterm-256color', cols: 100, rows: 30, cwd: ROOT, env: { ...env, TERM: 'xterm-256color' } });
    let raw = '';
    p.onData((d) => (raw += d));
    const code = await new Promise<number>((resolve) => p.onExit((e) => resolve(e.exitCode)));
    expect(code, raw).toBe(0);
    expect(raw).toBe('');
    expect((JSON.parse(readFileSync(file, 'utf8')) as { notifications: { id: string }[] }).notifications.map((n) => n.id)).toContain(incident);
  });
});
