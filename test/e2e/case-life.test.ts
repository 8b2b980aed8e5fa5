/**
 * A case's life end to end against the sandbox (issue 14): a resolution posted (Pending), listed
 * and reported once, closed by the contact; reopened within 60 days and refused by the portal
 * after; the 3x10 auto-close; who may close and reopen; escalation notes; the Critical follow-up.
 * The sandbox clock is moved through its admin API, so the tests in this file run in order.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SEEDED, signedInEnv, useSandboxSession, type Body } from '../helpers/sandbox.js';
import { spawnCli } from '../helpers/pty.js';
import { addBusinessDays, formatDeadline } from '../../src/domain/case-life.js';
import { addDays } from '../../src/domain/dates.js';
import { outageArgs } from '../helpers/filed-case.js';

const DAY_MS = 86_400_000;

describe('a case’s life against the sandbox', () => {
  // Tokens live a year: the sandbox clock moves weeks ahead in this file.
  const s = useSandboxSession({ args: ['--token-ttl', String(365 * 86_400)] });
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({ ...s.env, TZ: 'UTC', ...extra });
  const cli = (args: string[], opts: { env?: Record<string, string>; input?: string } = {}) =>
    runCli(args, { env: opts.env ?? env(), ...(opts.input !== undefined ? { input: opts.input } : {}) });
  const admin = async (method: string, path: string, body?: unknown): Promise<Body> => {
    const r = await s.api.call(method, path, { admin: true, ...(body !== undefined ? { body } : {}) });
    expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
    return r.body;
  };
  const advance = (days: number): Promise<Body> => admin('POST', '/sandbox/v1/clock', { days });
  /** The vendor's side through the CLI's own admin commands (ic-support sandbox …). */
  const vendor = (args: string[]) =>
    runCli(['sandbox', ...args, '--url', s.sb.url, '--data-dir', s.sb.dataDir], { env: env() });
  const contactEnv = async (email: string): Promise<Record<string, string>> => ({
    ...(await signedInEnv(s.sb, s.dir, email)).env,
    TZ: 'UTC',
  });

  it('resolution posted -> list --status pending -> watch reports it once -> close confirms it -> closed', async () => {
    expect((await cli(['case', 'watch'])).code).toBe(0); // the baseline
    const posted = await admin('POST', '/sandbox/v1/cases/00001002/resolution', {
      resolution: 'Use the Attendance Register report: it has year-to-date totals.',
    });
    expect(posted).toMatchObject({ status: 'Pending', state: 'open', followUp: { followUps: [] } });
    const postedOn = posted.followUp.resolutionPostedOn as string;

    let r = await cli(['case', 'list', '--status', 'pending']);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split('\t').slice(0, 4)),
    ).toEqual([['00001002', 'ask-a-question', 'Low', 'Pending']]);
    r = await cli(['case', 'list', '--status', 'Assigned to Development', '--json']);
    expect(r.stdout).toBe('[]\n');
    // The default listing carries the status too (marked at a terminal: see the pty test below).
    r = await cli(['case', 'list']);
    expect(r.stdout).toContain('00001002\task-a-question\tLow\tPending\t');

    r = await cli(['case', 'watch']);
    expect(r.code).toBe(10);
    const deadline = addBusinessDays(postedOn, 10);
    expect(r.stdout).toContain(
      `Case 00001002 "Where is the attendance summary report for the whole school year?": resolution posted — verify and close, or reply by ${formatDeadline(deadline)}`,
    );
    expect(r.stdout).toContain('  Use the Attendance Register report: it has year-to-date totals.\n');
    expect(r.stdout.match(/resolution posted — verify/g)).toHaveLength(1);
    expect(await cli(['case', 'watch'])).toEqual({ code: 0, stdout: '', stderr: '' });

    r = await cli(['case', 'show', '1002']);
    expect(r.stdout).toMatch(
      new RegExp(`\nAnswer By +${formatDeadline(deadline).replace(/\//g, '\\/')} \\(10 business days after`),
    );

    r = await cli(['--no-input', 'case', 'close', '1002']);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toContain('Closed case 00001002: you confirmed the resolution.\n');
    expect(r.stderr).toMatch(/\nIt can be reopened until \d\d\/\d\d\/\d{4}: ic-support case reopen 00001002/);
    const closed = await s.stored('00001002');
    expect(closed).toMatchObject({ status: 'Closed', state: 'closed', closedBy: { id: 'ctc_zack' }, followUp: null });
    expect(closed.reopenableUntil).toBe(addDays((closed.closedAt as string).slice(0, 10), 60));

    // Again, from a script: a no-op with its own exit status, nothing changed.
    r = await cli(['case', 'close', '1002', '--json'], { input: '' });
    expect(r.code).toBe(13);
    expect(JSON.parse(r.stdout)).toMatchObject({
      number: '00001002',
      status: 'Closed',
      changed: false,
      previousStatus: 'Closed',
      confirmedResolution: false,
    });
    expect((await s.stored('00001002')).lastModifiedAt).toBe(closed.lastModifiedAt);
  });

  it('reopens within 60 days with the details from --body, a file or stdin; reopening an open case is a no-op (13)', async () => {
    let r = await cli(['case', 'reopen', '1002']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: No additional details given.\nPass --body TEXT or --body-file FILE (- reads standard input); on a terminal, your $VISUAL or $EDITOR opens.\n',
    );
    r = await cli(['case', 'reopen', '1002', '--body-file', '-'], {
      input: 'The report still misses the summer session.\n',
    });
    expect(r).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'Reopened case 00001002 (In Progress); your details were added as a comment.\n',
    });
    const c = await s.stored('00001002');
    expect(c).toMatchObject({
      status: 'In Progress',
      state: 'open',
      closedAt: null,
      closedBy: null,
      reopenableUntil: null,
    });
    const comments = (await s.api.call('GET', '/api/v1/cases/00001002/comments', { token: s.token })).body
      .comments as Body[];
    expect(comments.at(-1)).toMatchObject({
      body: 'The report still misses the summer session.',
      author: { id: 'ctc_zack' },
      kind: 'comment',
    });

    // Closed again with a closing comment (not Pending: nothing to confirm), then reopened in the editor.
    r = await cli(['case', 'close', '1002', '--body', 'Found the summer report myself.']);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toContain('Closed case 00001002 (it was In Progress).\n');
    let thread = (await s.api.call('GET', '/api/v1/cases/00001002/comments', { token: s.token })).body
      .comments as Body[];
    expect(thread.at(-1)).toMatchObject({ body: 'Found the summer report myself.', author: { id: 'ctc_zack' } });
    const editor = join(s.dir, 'editor.sh');
    writeFileSync(
      editor,
      `#!/bin/sh\n{ printf 'Written in the editor: the summer report is empty.\\n'; cat "$1"; } > "$1.new" && mv "$1.new" "$1"\n`,
    );
    chmodSync(editor, 0o755);
    const t = spawnCli(['case', 'reopen', '1002'], env({ EDITOR: editor }));
    expect((await t.exited()).code).toBe(0);
    expect(t.screen()).toContain('Reopened case 00001002 (In Progress)');
    thread = (await s.api.call('GET', '/api/v1/cases/00001002/comments', { token: s.token })).body.comments as Body[];
    expect(thread.at(-1)!.body).toBe('Written in the editor: the summer report is empty.');

    r = await cli(['case', 'reopen', '1002', '--body', 'again', '--json']);
    expect(r.code).toBe(13);
    expect(JSON.parse(r.stdout)).toEqual({ number: '00001002', status: 'In Progress', changed: false, url: c.url });
    expect(
      ((await s.api.call('GET', '/api/v1/cases/00001002/comments', { token: s.token })).body.comments as Body[]).length,
    ).toBe(thread.length);
  });

  it('the case closed in 2021: the portal refuses to reopen it, naming the last day it could have been', async () => {
    const r = await cli(['case', 'reopen', '1000', '--body', 'It happens again.']);
    expect(r.code).toBe(6);
    expect(r.stderr).toBe(
      'error: Case 00001000 closed on 2021-09-10; it could be reopened until 2021-11-09 (60 days after closing). File a new case and mention case 00001000.\nFile a new case instead and mention case 00001000 in it (ic-support case submit).\n',
    );
  });

  it('closing the case closed in 2021 changes nothing (13) and points to a new case, not to a reopen window long gone', async () => {
    const r = await cli(['case', 'close', '1000']);
    expect(r.code).toBe(13);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Case 00001000 was already closed \(09\/10\/2021/);
    expect(r.stderr).toContain(
      'Its reopen window ended 11/09/2021: if the problem is back, file a new case and mention case 00001000 (ic-support case submit).\n',
    );
  });

  it('a Read Only contact cannot close or reopen (4); a contact of another district gets not found (5)', async () => {
    const lisa = await contactEnv(SEEDED.lisa);
    let r = await cli(['case', 'close', '1002'], { env: lisa });
    expect(r.code).toBe(4);
    // Told before sending: GET /me says the portal does not let this contact close or reopen.
    expect(r.stderr).toContain('Read Only contact at Bayside School (TESTING)) close cases; nothing was sent.');
    r = await cli(['case', 'reopen', '1000', '--body', 'x'], { env: lisa });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Read Only contact at Bayside School (TESTING)) reopen cases; nothing was sent.');
    const tori = await contactEnv(SEEDED.tori);
    r = await cli(['case', 'close', '1002'], { env: tori });
    expect(r).toMatchObject({ code: 5, stdout: '' });
    expect(r.stderr).toMatch(/^error: Case 00001002 was not found\./);
    r = await cli(['case', 'reopen', '1000', '--body', 'x'], { env: tori });
    expect(r.code).toBe(5);
    expect((await s.stored('00001002')).status).toBe('In Progress');
  });

  it('escalation notes are shown as such in case show and case watch; Assigned to Development is a status like any other', async () => {
    expect((await cli(['case', 'watch'])).code).toBe(10); // the reopening above
    let r = await vendor([
      'escalate',
      '1002',
      '--note',
      'Confirmed as a product defect; linked to development.',
      '--development',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Added escalation note cmt_\S+ to case 1002; it is Assigned to Development\.\n$/);
    r = await cli(['case', 'watch', '--json']);
    expect(r.code).toBe(10);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as Body).type),
    ).toEqual(['escalation', 'status']);
    expect(JSON.parse(r.stdout.split('\n')[1]!)).toMatchObject({ from: 'In Progress', to: 'Assigned to Development' });
    r = await cli(['case', 'show', '1002']);
    expect(r.stdout).toMatch(
      / - Infinite Campus Support \(vendor\) \[escalation note\]\n {4}Confirmed as a product defect; linked to development\.\n/,
    );
    expect(r.stdout).toMatch(/\nStatus +Assigned to Development \(open\)\n/);
    r = await cli(['case', 'list', '--status', 'assigned to development']);
    expect(r.stdout.split('\t')[0]).toBe('00001002');
  });

  it('ten business days of silence in Pending: Support follows up three times, then closes the case', async () => {
    const r = await vendor(['post-resolution', '1002', '--resolution', 'Fixed in the next release.']);
    expect(r).toMatchObject({
      code: 0,
      stdout: 'Case 00001002 is Pending: the resolution waits for the contact to verify it.\n',
    });
    const postedOn = (await s.stored('00001002')).followUp.resolutionPostedOn as string;
    const deadline = addBusinessDays(postedOn, 10);
    const days = Math.round((Date.parse(deadline) - Date.parse(postedOn)) / DAY_MS);
    await advance(days); // the tenth business day itself: still waiting
    let c = await s.stored('00001002');
    expect(c).toMatchObject({ status: 'Pending', followUp: { resolutionPostedOn: postedOn } });
    expect(c.followUp.followUps).toHaveLength(3);
    await advance(1);
    c = await s.stored('00001002');
    expect(c).toMatchObject({ status: 'Closed', state: 'closed', closedBy: { name: 'Infinite Campus Support' } });
    expect(c.closedAt).toBe(`${addDays(deadline, 1)}T00:00:00.000Z`);
    const comments = (await s.api.call('GET', '/api/v1/cases/00001002/comments', { token: s.token })).body
      .comments as Body[];
    expect(comments.filter((m) => m.kind === 'follow-up')).toHaveLength(3);
    expect(comments.at(-1)!.body).toMatch(
      /^No answer in 10 business days after the resolution was posted: Support closed the case\./,
    );
  });

  it('after the sandbox clock moves 61 days, the portal refuses to reopen, with the date in the message', async () => {
    const c = await s.stored('00001002');
    const closedOn = (c.closedAt as string).slice(0, 10);
    const before = (await admin('GET', '/sandbox/v1/clock')).offsetDays as number;
    let r = await vendor(['clock', '--advance-days', '61']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^Sandbox clock: \\d\\d\\/\\d\\d\\/\\d{4} - \\d\\d:\\d\\d [AP]M UTC \\(today \\d{4}-\\d\\d-\\d\\d; ${before + 61} days ahead of real time\\)\\.\\n$`,
      ),
    );
    r = await cli(['case', 'reopen', '1002', '--body', 'Still broken.']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(
      `Case 00001002 closed on ${closedOn}; it could be reopened until ${addDays(closedOn, 60)}`,
    );
    expect((await s.stored('00001002')).status).toBe('Closed');
  });

  it('the admin clock refuses a move that is not a whole number of days', async () => {
    const r = await vendor(['clock', '--advance-days', '-3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--advance-days must be a whole number of days from 1 to 3650, not "-3".');
    const api = await s.api.call('POST', '/sandbox/v1/clock', { admin: true, body: { days: 1.5 } });
    expect(api.status).toBe(422);
    expect(api.body.fields).toEqual([{ field: 'days', message: 'days must be a whole number of days from 1 to 3650' }]);
  });

  it('case close and case reopen document their examples and exit codes in --help', async () => {
    for (const verb of ['close', 'reopen']) {
      const r = await cli(['case', verb, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`ic-support case ${verb} 1042`);
      expect(r.stdout).toMatch(/13 when it was (closed|open) already/);
    }
    const top = await cli(['--help']);
    expect(top.stdout).toMatch(
      /\n {2}13 +case close of a closed case, case reopen of an open one: nothing to do, nothing changed\n/,
    );
  });

  it('a Critical outage case carries the phone follow-up in --json, with the portal’s number', async () => {
    const process = (await s.api.call('GET', '/api/v1/case-process', { token: s.token })).body;
    const r = await cli([
      ...outageArgs('Campus down for all users', 'Nobody can sign in since 7:05 AM.'),
      '--priority',
      'Critical',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Body;
    expect(out.followUp).toEqual({
      method: 'phone',
      phone: process.supportPhone,
      callNeeded: true,
      instruction: `Critical case: also call Infinite Campus Support at ${process.supportPhone} and give case number ${out.number}.`,
    });
    const high = await cli([
      'case',
      'submit',
      'report-an-outage',
      '--account',
      'Bayside School (TESTING)',
      '--priority',
      'High',
      '--subject',
      'Campus slow for some users',
      '--description',
      'Pages take 20 s since 7:05 AM.',
      '--json',
    ]);
    expect(high.code).toBe(0);
    expect(JSON.parse(high.stdout)).not.toHaveProperty('followUp');
    expect(high.stderr).not.toContain('call Infinite Campus Support');

    // A batch carries it per line.
    const batch = [
      {
        caseType: 'report-an-outage',
        account: 'Bayside School (TESTING)',
        priority: 'Critical',
        subject: 'Campus down at the high school',
        description: 'No one can sign in since 7:10 AM.',
      },
      {
        caseType: 'report-an-outage',
        account: 'Bayside School (TESTING)',
        priority: 'Medium',
        subject: 'Campus slow at the middle school',
        description: 'Pages take 10 s since 7:10 AM.',
      },
    ];
    const b = await cli(['case', 'submit', '--batch', '-', '--json'], {
      input: batch.map((x) => JSON.stringify(x)).join('\n'),
    });
    expect(b.code).toBe(0);
    const lines = b.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Body)
      .sort((x, y) => x.line - y.line);
    expect(lines[0]!.followUp).toMatchObject({ method: 'phone', phone: process.supportPhone });
    expect(lines[1]).not.toHaveProperty('followUp');
  });

  // Issue 26 §5: the guide says a follow-up phone call "is not necessary unless additional context
  // is needed" when the case is about an open notification.
  it("a Critical outage case about an open notification gets the guide's line, not the call (--json: callNeeded false)", async () => {
    const made = await admin('POST', '/sandbox/v1/notifications', {
      kind: 'incident',
      title: 'Campus sign-in errors',
      body: 'Some districts cannot sign in.',
    });
    const id = made.id as string;
    try {
      const r = await cli(['case', 'submit', '--batch', '-', '--json'], {
        input: JSON.stringify({
          caseType: 'report-an-outage',
          account: 'Bayside School (TESTING)',
          priority: 'Critical',
          subject: 'Nobody can sign in to Campus',
          description: `No one can sign in since 7:05 AM.\n\nRelated notification: Campus sign-in errors (${id})`,
        }),
      });
      expect(r.code, r.stderr).toBe(0);
      const line = JSON.parse(r.stdout.trim()) as Body;
      expect(line.followUp).toMatchObject({
        method: 'phone',
        callNeeded: false,
        relatedNotification: { id, title: 'Campus sign-in errors' },
      });
      expect(line.followUp.instruction).toContain(
        'a follow-up phone call is not necessary unless additional context is needed',
      );
      expect(line.followUp.instruction).not.toContain('also call');
    } finally {
      await admin('POST', `/sandbox/v1/notifications/${id}/close`, { body: 'Resolved.' });
    }
  });

  it('at a terminal: the Critical follow-up is printed after filing, and the listing marks Pending cases', async () => {
    const process = (await s.api.call('GET', '/api/v1/case-process', { token: s.token })).body;
    const t = spawnCli(
      ['--no-input', ...outageArgs('Campus unreachable', 'Every school since 6:50 AM.'), '--priority', 'Critical'],
      env(),
    );
    await t.expect(`Critical case: also call Infinite Campus Support at ${process.supportPhone} and give case number`);
    expect((await t.exited()).code).toBe(0);

    await admin('POST', '/sandbox/v1/cases/00001003/resolution', { resolution: 'The Messenger queue was restarted.' });
    const zack = spawnCli(['case', 'list', '--status', 'all'], env(), { cols: 120 });
    await zack.expect('Case 00001003: resolution posted — verify and close, or reply');
    expect((await zack.exited()).code).toBe(0);
    expect(zack.screen()).toMatch(/00001003 .* Pending ◆ /);
  });
});
