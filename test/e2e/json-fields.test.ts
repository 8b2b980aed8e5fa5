/**
 * gh-style output on every command that has --json (issue 15 item 11): `--json a,b` keeps only
 * those fields, `--jq` filters, and a wrong field is refused with the valid ones and a "did you
 * mean" (exit 2) — before anything is changed where the command changes something. And --web
 * after `case submit`, as `gh issue create --web`.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { fileServerIssue, serverIssueArgs } from '../helpers/filed-case.js';
import { useSandboxSession } from '../helpers/sandbox.js';
import { STATUS_FIELDS } from '../../src/commands/auth/status/options.js';
import { CHECK_FIELDS, LIST_FIELDS } from '../../src/commands/notifications/listing.js';

const s = useSandboxSession();
const cli = (args: string[], extra: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, { env: { ...s.env, TZ: 'UTC', ...extra }, cwd: s.dir });
let number = '';
let incident = '';

beforeAll(async () => {
  number = await fileServerIssue(s.env, 'Export to the state fails at night');
  const r = await s.api.call('POST', '/sandbox/v1/notifications', {
    admin: true,
    body: { kind: 'incident', title: 'Campus Parent app errors', body: 'Investigating.' },
  });
  incident = (r.body as { id: string }).id;
  writeFileSync(
    join(s.dir, 'case.yaml'),
    'caseType: ask-a-question\naccount: Bayside School (TESTING)\nsubject: Where is the attendance summary report?\ndescription: Where can the office find the attendance summary report for the whole school year?\n',
  );
  writeFileSync(join(s.dir, 'export.log'), 'line 1\n');
});

/** Only that field, in each item of a list or in the one object. */
function onlyField(r: CliResult, field: string): void {
  expect(r.code, r.stderr).toBe(0);
  const data = JSON.parse(r.stdout) as unknown;
  const items = (Array.isArray(data) ? data : [data]) as Record<string, unknown>[];
  for (const o of items) expect(Object.keys(o)).toEqual([field]);
}

describe('--json FIELDS on every command that has --json', () => {
  const reading: [string[], string][] = [
    [['auth', 'status'], 'contact'],
    [['config', 'list'], 'profile'],
    [['case', 'types'], 'id'],
    [['case', 'fields', 'server-issue'], 'rules'],
    [['case', 'lint', 'CASE'], 'valid'],
    [['case', 'validate', 'CASE'], 'valid'],
    [['case', 'drafts'], 'id'],
    [['catalog', 'refresh'], 'version'],
    [['catalog', 'status'], 'source'],
    [['notifications'], 'banner'],
    [['notifications', '--check'], 'check'],
    [['outbox', 'list'], 'id'],
  ];
  it.each(reading)('%j --json %s', async (args, field) => {
    args = args.map((a) => (a === 'CASE' ? join(s.dir, 'case.yaml') : a));
    const r = await cli([...args, '--json', field]);
    if (args[1] === '--check') expect(r.code).toBe(12);
    // lint and validate exit 2 for a case that is not valid: the JSON is still cut to the fields.
    else onlyField(args[1] === 'lint' || args[1] === 'validate' ? { ...r, code: 0 } : r, field);
    // A wrong field: the valid ones listed, the nearest suggested, exit 2.
    const bad = await cli([...args, '--json', `${field}x`]);
    expect(bad.code, bad.stdout).toBe(2);
    expect(bad.stderr).toContain(`--json: no field "${field}x" (did you mean "${field}"?)`);
    expect(bad.stderr).toContain('The fields are:');
  });

  it('whoami: the fields it prints are the ones it declares, and a wrong one is refused before the portal is asked', async () => {
    const all = await cli(['whoami', '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect(Object.keys(JSON.parse(all.stdout) as object)).toEqual([...STATUS_FIELDS]);
    // No portal listens there: refused for the field, not "could not connect".
    const bad = await cli(['whoami', '--json', 'email'], { IC_SUPPORT_PORTAL_URL: 'http://127.0.0.1:9' });
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toContain('--json: no field "email"');
    expect(bad.stderr).not.toContain('connect');
  });

  it('notifications show, the sandbox admin commands', async () => {
    onlyField(await cli(['notifications', 'show', incident, '--json', 'notification']), 'notification');
    onlyField(
      await cli(['sandbox', 'clock', '--url', s.sb.url, '--data-dir', s.sb.dataDir, '--json', 'today']),
      'today',
    );
    const jq = await cli(['notifications', 'show', incident, '--jq', '.notification.title']);
    expect(jq).toMatchObject({ code: 0, stdout: 'Campus Parent app errors\n' });
  });

  it('notifications and notifications --check declare exactly the fields they print', async () => {
    expect(Object.keys(JSON.parse((await cli(['notifications', '--json'])).stdout) as object)).toEqual(LIST_FIELDS);
    const check = await cli(['notifications', '--check', '--json']);
    expect(Object.keys(JSON.parse(check.stdout) as object)).toEqual(CHECK_FIELDS);
  });

  it('notifications and notifications --check: a wrong field is refused before the Notifications page is asked', async () => {
    let asked = 0;
    const status = createServer((_req, res) => {
      asked++;
      res.writeHead(503).end();
    });
    await new Promise<void>((ok) => status.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(status.address() as AddressInfo).port}`;
      for (const args of [['notifications'], ['notifications', '--check'], ['notifications', '--closed']]) {
        const r = await cli([...args, '--json', 'banner,nosuch'], { IC_SUPPORT_NOTIFICATIONS_URL: url });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain('--json: no field "nosuch"');
      }
      expect((await cli(['notifications', '--json', 'check'], { IC_SUPPORT_NOTIFICATIONS_URL: url })).code).toBe(2);
      expect(asked).toBe(0);
    } finally {
      status.close();
    }
  });

  it('the commands that change a case: a wrong field is refused before anything changes', async () => {
    const bad = await cli(['case', 'close', number, '--json', 'state']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--json: no field "state" (did you mean "status"?)');
    expect(bad.stderr).toContain('confirmedResolution');
    expect(((await s.stored(number)) as { state: string }).state).toBe('open');
    for (const args of [
      ['case', 'comment', number, '--body', 'The export log follows.'],
      ['case', 'attach', number, 'export.log'],
      ['case', 'reopen', number, '--body', 'x'],
      ['case', 'submit', 'server-issue'],
    ]) {
      const r = await cli([...args, '--json', 'nosuch']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('--json: no field "nosuch"');
    }
    expect(((await s.stored(number)) as { comments?: unknown[] }).comments ?? []).toHaveLength(0);

    onlyField(await cli(['case', 'comment', number, '--body', 'The export log follows.', '--json', 'id']), 'id');
    onlyField(await cli(['case', 'attach', number, 'export.log', '--json', 'filename']), 'filename');
    onlyField(await cli(['case', 'download', number, '--dir', s.dir, '--force', '--json', 'path']), 'path');
    const closed = await cli(['case', 'close', number, '--json', 'status,changed']);
    expect(JSON.parse(closed.stdout)).toEqual({ status: 'Closed', changed: true });
    const reopened = await cli([
      'case',
      'reopen',
      number,
      '--body',
      'The export fails again since last night.',
      '--jq',
      '.changed',
    ]);
    expect(reopened).toMatchObject({ code: 0, stdout: 'true\n' });
    const filed = await cli([
      ...serverIssueArgs(
        'Scheduled report never arrives',
        'The scheduled attendance report has not arrived by email since Monday at the district office.',
      ),
      '--json',
      'number',
    ]);
    onlyField(filed, 'number');
    // --dry-run prints the request it would send: its fields are accepted too.
    onlyField(
      await cli([
        ...serverIssueArgs(
          'Scheduled report never arrives',
          'The scheduled attendance report has not arrived by email since Monday at the district office.',
        ),
        '--dry-run',
        '--json',
        'body',
      ]),
      'body',
    );
  });

  it('streams (NDJSON): case watch, one line per event, each cut to the fields', async () => {
    expect((await cli(['case', 'watch'])).code).toBe(0);
    await cli(['case', 'comment', number, '--body', 'Any news on the export?']);
    expect(
      (
        await runCli(
          [
            'sandbox',
            'comment',
            number,
            '--body',
            'We are looking at it.',
            '--url',
            s.sb.url,
            '--data-dir',
            s.sb.dataDir,
          ],
          { env: s.env },
        )
      ).code,
    ).toBe(0);
    const r = await cli(['case', 'watch', '--json', 'type,case']);
    expect(r.code, r.stderr).toBe(10);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(Object.keys(l)).toEqual(['type', 'case']);
    expect(lines).toContainEqual({ type: 'comment', case: number });
  });
});

// Issue 26 §19: every time in --json is RFC 3339 that jq's fromdate reads (UTC, to the second).
describe('--json times', () => {
  /** Every string under a key ending in "At" (or `since`), anywhere in the value. */
  function times(v: unknown, out: [string, string][] = []): [string, string][] {
    if (Array.isArray(v)) for (const x of v) times(x, out);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && (k.endsWith('At') || k === 'since')) out.push([k, x]);
        else times(x, out);
      }
    return out;
  }

  it('are YYYY-MM-DDTHH:MM:SSZ in every reading command, and jq fromdate reads them', async () => {
    const found: [string, string][] = [];
    for (const args of [
      ['case', 'list', '--status', 'all', '--json'],
      ['case', 'show', number, '--json'],
      ['notifications', '--json'],
      ['notifications', '--since', '30d', '--json'],
      ['notifications', 'show', incident, '--json'],
      ['notifications', '--check', '--json'],
      ['auth', 'status', '--json'],
      ['catalog', 'status', '--json'],
    ]) {
      const r = await cli(args);
      // --check: 12, the incident this file opens.
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(args.includes('--check') ? 12 : 0);
      found.push(...times(JSON.parse(r.stdout)));
    }
    expect(found.map(([k]) => k)).toEqual(
      expect.arrayContaining([
        'lastModifiedAt',
        'createdAt',
        'fetchedAt',
        'startsAt',
        'postedAt',
        'expiresAt',
        'since',
      ]),
    );
    for (const [k, v] of found) if (v) expect(v, k).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const jq = await cli(['case', 'show', number, '--jq', '.createdAt | fromdate']);
    expect(jq.code, jq.stderr).toBe(0);
    expect(Number(jq.stdout)).toBeGreaterThan(1_700_000_000);
    const listed = await cli(['case', 'list', '--jq', '.[0].lastModifiedAt | fromdate']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(Number(listed.stdout)).toBeGreaterThan(1_700_000_000);
  });
});

describe('case submit --web', () => {
  it('opens the filed case’s page (printed where no browser can open), and is refused with --json', async () => {
    const r = await cli(
      [
        ...serverIssueArgs(
          'Nightly backup report is empty',
          'The nightly backup report arrives empty at the district office since Monday morning.',
        ),
        '--web',
      ],
      // No BROWSER (it is honored now: BROWSER=false would "open" it) and no display: printed.
    );
    expect(r.code, r.stderr).toBe(0);
    const [line, url] = r.stdout.trimEnd().split('\n');
    const filed = line!.split(' ')[0]!;
    expect(url).toBe(((await s.stored(filed)) as { url: string }).url);
    const both = await cli(['case', 'submit', 'server-issue', '--web', '--json']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--web.*cannot be used with option '--json/);
  });
});
