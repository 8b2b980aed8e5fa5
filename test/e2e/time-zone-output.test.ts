/**
 * One time-zone rule for every command's text (issue 15 item 14): with IC_SUPPORT_TZ set to a zone
 * far from UTC, no command prints a raw ISO timestamp in its text output; times are shown in that
 * zone. --json keeps the ISO times (checked too, so that the pattern below can match at all).
 * The documented exceptions are machine formats: the tab-separated `case list` of a pipe and the
 * iCalendar file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { KEY, spawnCli } from '../helpers/pty.js';
import { fileServerIssue, serverIssueArgs } from '../helpers/filed-case.js';
import { SEEDED, useSandboxSession } from '../helpers/sandbox.js';

const s = useSandboxSession();
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;
const ZONE = 'Asia/Tokyo';
const env = (): Record<string, string> => ({ ...s.env, IC_SUPPORT_TZ: ZONE, TZ: 'UTC' });
const cli = (args: string[]): Promise<CliResult> => runCli(args, { env: env(), cwd: s.dir });
const admin = async (method: string, path: string, body?: unknown): Promise<void> => {
  const r = await s.api.call(method, path, { admin: true, ...(body !== undefined ? { body } : {}) });
  expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
};
const vendor = (args: string[]): Promise<CliResult> =>
  runCli(['sandbox', ...args, '--url', s.sb.url, '--data-dir', s.sb.dataDir], { env: env() });

function noIso(what: string, r: CliResult, code = 0): void {
  expect(r.code, `${what}: ${r.stderr}`).toBe(code);
  expect(`${r.stdout}${r.stderr}`, `${what} printed an ISO time`).not.toMatch(ISO);
}

let number = '';

beforeAll(async () => {
  number = await fileServerIssue(s.env);
  writeFileSync(join(s.dir, 'export.log'), 'line 1\n');
});
afterAll(async () => {
  await s.api.call('DELETE', '/sandbox/v1/faults', { admin: true });
});

describe(`text output in ${ZONE}, never raw ISO times`, () => {
  it('auth status / whoami and config list', async () => {
    noIso('auth status', await cli(['auth', 'status']));
    noIso('whoami', await cli(['whoami']));
    noIso('config list', await cli(['config', 'list']));
    // The JSON keeps the portal's ISO time: the pattern does match where a time is printed raw.
    expect((await cli(['auth', 'status', '--json'])).stdout).toMatch(ISO);
  });

  it('case show, watch, comment, close, reopen, attach, download', async () => {
    noIso('case watch (baseline)', await cli(['case', 'watch']));
    noIso('case comment', await cli(['case', 'comment', number, '--body', 'The export log is attached.']));
    expect((await vendor(['comment', number, '--body', 'Could you send the export log?'])).code).toBe(0);
    noIso('case watch (changes)', await cli(['case', 'watch']), 10);
    noIso('case watch (nothing new)', await cli(['case', 'watch']));
    const shown = await cli(['case', 'show', number]);
    noIso('case show', shown);
    expect(shown.stdout).toMatch(/Created +\d\d\/\d\d\/\d{4} - \d\d:\d\d [AP]M GMT\+9/);
    noIso('case attach', await cli(['case', 'attach', number, 'export.log']));
    noIso('case download', await cli(['case', 'download', number, '--dir', s.dir, '--force']));
    noIso('case close', await cli(['case', 'close', number]));
    noIso('case close (already closed)', await cli(['case', 'close', number]), 13);
    noIso('case reopen', await cli(['case', 'reopen', number, '--body', 'It stops again since last night.']));
  });

  it('case list at a terminal', async () => {
    const p = spawnCli(['case', 'list', '--status', 'all'], { ...env(), NO_COLOR: '1' });
    expect((await p.exited()).code).toBe(0);
    expect(p.screen()).toContain(number);
    expect(p.screen()).not.toMatch(ISO);
  });

  it('outbox list and outbox send, case drafts', async () => {
    await admin('PUT', '/sandbox/v1/faults', { errorRate: 1, errorStatus: 503, paths: ['/api/v1/cases'] });
    const queued = await runCli(
      [
        ...serverIssueArgs(
          'Scheduled report never arrives',
          'The scheduled attendance report has not arrived by email since Monday at the district office.',
        ),
      ],
      {
        env: { ...env(), IC_SUPPORT_HTTP_RETRIES: '0' },
      },
    );
    noIso('case submit (queued)', queued, 9);
    noIso('outbox list', await cli(['outbox', 'list']));
    await s.api.call('DELETE', '/sandbox/v1/faults', { admin: true });
    noIso('outbox send', await cli(['outbox', 'send']));
    // A draft: the form interrupted with Ctrl-C keeps the answers.
    const form = spawnCli(['case', 'submit', 'report-an-outage', '--account', 'Bayside School (TESTING)'], env());
    // The seed's DigiCert incident is open (Resolved): "No", the default.
    await form.expect('? Is this case about one of them?');
    form.send(KEY.enter);
    await form.expect('Subject');
    form.line('Campus unreachable for all users');
    await form.expect('Description');
    form.line('Since 7:40 this morning nobody in the district can reach the login page.');
    await form.expect('…');
    form.send(KEY.ctrlC);
    expect(await form.exited()).toEqual({ code: 130 });
    const drafts = await cli(['case', 'drafts']);
    noIso('case drafts', drafts);
    expect(drafts.stdout).toMatch(/\treport-an-outage\t\d\d\/\d\d\/\d{4} - \d\d:\d\d [AP]M GMT\+9\t/);
  });

  it('notifications: list, show, --check; catalog status', async () => {
    noIso('notifications', await cli(['notifications']));
    noIso('notifications --closed', await cli(['notifications', '--closed']));
    noIso('notifications show', await cli(['notifications', 'show', 'ntf_digicert']));
    const check = await cli(['notifications', '--check']);
    expect(`${check.stdout}${check.stderr}`).not.toMatch(ISO);
    noIso('catalog refresh', await cli(['catalog', 'refresh']));
    const status = await cli(['catalog', 'status']);
    noIso('catalog status', status);
    expect(status.stdout).toMatch(/Fetched \d\d\/\d\d\/\d{4} - \d\d:\d\d [AP]M GMT\+9/);
  });

  it('the sandbox admin commands', async () => {
    noIso('sandbox clock', await vendor(['clock']));
    await fetch(`${s.sb.url}/api/v1/password-reset/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: SEEDED.zack }),
    });
    const m = await vendor(['mailbox', '--to', SEEDED.zack]);
    noIso('sandbox mailbox', m);
    expect(m.stdout).toContain('to zack');
  });
});
