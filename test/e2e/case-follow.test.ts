/**
 * Following cases end to end: the CLI against the sandbox over HTTP. `case list`, `show`,
 * `comment`, `attach` and `download` in every output mode, with exact content.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPrinted, baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { apiClient, startSandbox, type ApiClient, type Body, type SandboxProcess } from '../helpers/sandbox.js';
import { spawnCli } from '../helpers/pty.js';
import { withoutOwnSections } from '../helpers/guide.js';
import { openSandboxDb } from '../helpers/sandbox-db.js';

const GUIDE_PAGE =
  "the guide's Case Details, label for label: a field of the guide added to application-issue gets its section here";

let sb: SandboxProcess;
let api: ApiClient;
let token: string;
let state: { path: string; cleanup: () => void };
let work: { path: string; cleanup: () => void };

const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  ...baseEnv(state.path),
  IC_SUPPORT_PORTAL_URL: sb.url,
  IC_SUPPORT_TOKEN: token,
  TZ: 'America/Chicago',
  ...extra,
});
const cli = (args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}) =>
  runCli(args, {
    env: env(opts.env),
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
const get = async (path: string): Promise<Body> => (await api.call('GET', path, { token })).body;
const noStack = (s: string): void => expect(s).not.toMatch(/\n\s+at /);

beforeAll(async () => {
  sb = await startSandbox();
  api = apiClient(sb);
  token = await api.signIn(sb.demo.email, sb.demo.password);
  state = tempDir();
  work = tempDir('ic-support-work-');
});

afterAll(async () => {
  await sb?.stop();
  sb?.cleanup();
  state?.cleanup();
  work?.cleanup();
});

describe('case list', () => {
  it('prints open cases as tab-separated lines when piped, most recently changed first', async () => {
    const open = (await get('/api/v1/cases?status=open')).cases as Body[];
    // The guide's model case was just submitted (in 2021): open, so listed last.
    expect(open.map((c) => c.number)).toEqual(['00001003', '00001002', '00001001']);
    const r = await cli(['case', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `00001003\tserver-issue\tHigh\tNew\t${open[0]!.lastModifiedAt}\tValley High School (TESTING)\tMessenger emails delayed by several hours\n` +
        `00001002\task-a-question\tLow\tIn Progress\t${open[1]!.lastModifiedAt}\tBayside School (TESTING)\tWhere is the attendance summary report for the whole school year?\n` +
        '00001001\tapplication-issue\tMedium\tNew\t2021-09-15T18:44:00.000Z\tBayside School (TESTING)\tTeachers unable to post grades\n',
    );
    expect(r.stderr).toBe('');
  });

  it('--json prints exactly what the portal lists; filters by status, case type, account and text', async () => {
    const all = (await get('/api/v1/cases?status=all')).cases as Body[];
    let r = await cli(['case', 'list', '--status', 'all', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(asPrinted(all));
    expect(all).toHaveLength(4);

    r = await cli(['case', 'list', '--status', 'closed']);
    expect(r.stdout).toBe(
      '00001000\tapplication-issue\tLow\tClosed\t2021-09-10T16:05:00.000Z\tBayside School (TESTING)\tAttendance letters print last school year\n',
    );
    r = await cli(['case', 'list', '--status', 'all', '--case-type', 'Server Issue', '--json']);
    expect((JSON.parse(r.stdout) as Body[]).map((c) => c.number)).toEqual(['00001003']);
    r = await cli(['case', 'list', '--status', 'all', '--account', 'Bayside School (TESTING)', '--json']);
    expect((JSON.parse(r.stdout) as Body[]).map((c) => c.number)).toEqual(['00001002', '00001001', '00001000']);
    r = await cli(['case', 'list', '--status', 'all', '--search', 'anne shirley', '--json']);
    expect((JSON.parse(r.stdout) as Body[]).map((c) => c.number)).toEqual(['00001001']);
    r = await cli(['case', 'list', '--limit', '1', '--json']);
    expect(r.stdout).toBe(`[\n  ${JSON.stringify(asPrinted(all[0]))}\n]\n`);
    r = await cli(['case', 'list', '--search', 'no such words anywhere', '--json']);
    expect(r.stdout).toBe('[]\n');
  });

  it('names the flag and the fix for every bad input', async () => {
    const cases: [string[], string][] = [
      // Any other word names a status (the portal owns the set): only an empty one is refused.
      [
        ['--status', ' '],
        'error: --status needs a value: open, closed, all, or a status such as pending.\nFor example: ic-support case list --status pending\n',
      ],
      // commander's .conflicts() (src/commands/case/list/options.ts) words this one.
      [
        ['--limit', '5', '--all'],
        "error: option '--all' cannot be used with option '-L, --limit <n>'\nRun with --help for usage.\n",
      ],
      [
        ['--limit', 'ten'],
        'error: --limit must be a whole number of cases, 1 or more (not "ten").\nFor example: --limit 50, or --all for every case.\n',
      ],
      [
        ['--case-type', 'data-restor'],
        'error: --case-type: Unknown case type "data-restor". Did you mean data-restore?\nCase types: application-issue, ask-a-question, report-an-outage, request-training, data-restore, server-issue, server-access, modify-support-contacts, request-consulting, request-technical-services (see: ic-support case types)\n',
      ],
    ];
    for (const [args, stderr] of cases) {
      const r = await cli(['case', 'list', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(stderr);
      expect(r.stdout).toBe('');
    }
    const r = await cli(['case', 'list', '--account', 'Springfield']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('account "Springfield" is not one of your districts');
    noStack(r.stderr);
  });

  it('draws a table fitted to the terminal width on a TTY', async () => {
    const t = spawnCli(['case', 'list', '--status', 'all'], env(), { cols: 80 });
    const { code } = await t.exited();
    expect(code).toBe(0);
    const lines = t
      .screen()
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '');
    // 80 columns, cases of two districts: the Account column stays; the subject gets the room
    // (as gh gives the title): Priority, Case Type and Contact drop first, the others narrow;
    // dates only (narrow).
    expect(lines).toEqual([
      'NUMBER    STATUS       ACCOUNT           SUBJECT                   LAST MODIFIED',
      expect.stringMatching(/^00001003 {2}New {10}Valley High Sch… {2}Messenger emails delaye… {2}\d\d\/\d\d\/\d{4}$/),
      expect.stringMatching(
        /^00001002 {2}In Progress {2}Bayside School … {2}Where is the attendance… {2}\d\d\/\d\d\/\d{4}$/,
      ),
      '00001001  New          Bayside School …  Teachers unable to post…  09/15/2021',
      '00001000  Closed       Bayside School …  Attendance letters prin…  09/10/2021',
    ]);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('heads the columns CASE TYPE and CONTACT (whom each case is for); at any width the subject keeps the most room and no line is wider', async () => {
    const widths = [40, 60, 100, 140];
    const screens = await Promise.all(
      widths.map(async (cols) => {
        const t = spawnCli(['case', 'list', '--status', 'all', '--account', 'Bayside School (TESTING)'], env(), {
          cols,
        });
        expect((await t.exited()).code).toBe(0);
        return t
          .screen()
          .split(/\r?\n/)
          .filter((l) => l.trim() !== '');
      }),
    );
    const [at40, at60, at100, at140] = screens as [string[], string[], string[], string[]];
    // Wide: every column, whole; "CASE TYPE" as the guide's Case Details says, and the contact.
    expect(at140[0]).toMatch(/^NUMBER {4}CASE TYPE +PRIORITY {2}STATUS +CONTACT +SUBJECT +LAST MODIFIED$/);
    expect(at140.find((l) => l.startsWith('00001001'))).toMatch(
      /^00001001 {2}Application Issue {2}Medium {4}New +Zack Morris \(TESTING\) {2}Teachers unable to post grades +09\/15\/2021 \d\d:\d\d [AP]M$/,
    );
    // Narrower: Priority, then Case Type and Contact drop before the subject is cut short.
    expect(at100[0]).toMatch(/^NUMBER {4}CASE TYPE +STATUS +CONTACT +SUBJECT +LAST MODIFIED$/);
    expect(at100.find((l) => l.startsWith('00001001'))).toContain('Teachers unable to post grades');
    expect(at60[0]).toMatch(/^NUMBER {4}STATUS +SUBJECT +LAST MODIFIED$/);
    expect(at40[0]).toMatch(/^NUMBER {4}STATUS +SUBJECT$/);
    screens.forEach((lines, k) => {
      for (const l of lines) expect(l.length, `${widths[k]}: ${l}`).toBeLessThanOrEqual(widths[k]!);
      // The subject is the widest column but for the first row's number.
      const header = lines[0]!;
      const subject = header.indexOf('SUBJECT');
      const next = header.indexOf('LAST MODIFIED');
      const own = (next > 0 ? next : Math.max(...lines.map((l) => l.length))) - subject;
      const cols = header.split(/ {2,}/).length;
      expect(own, `${widths[k]}: the subject's room`).toBeGreaterThanOrEqual(Math.min(30, (widths[k]! - 8) / cols));
    });
  });
});

describe('case show', () => {
  it("renders the guide's grade-book case, just submitted, with every labeled section of its Case Details and the URL", async () => {
    const r = await cli(['case', 'show', '1001']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // The guide's Case Details, label for label, in its order (Last Modified equal to Created, by
    // Zack Morris; no resolution yet); then, apart, what the page does not show.
    expect(withoutOwnSections(r.stdout, 'application-issue'), GUIDE_PAGE).toBe(`Case Details
Created        09/15/2021 - 01:44 PM CDT (Zack Morris (TESTING))
Last Modified  09/15/2021 - 01:44 PM CDT (Zack Morris (TESTING))
Account        Bayside School (TESTING)
Contact        Zack Morris (TESTING)
Case Type      Campus Application
Module         Grade Book

Subject
  Teachers unable to post grades

Description
  None of the English Literature teachers at 21-22 Campus High School are able to post grades. When they try to click the Post button in their grade books, it is greyed out and inactive. This is only happening for teachers who teach this course.

  Example: Anne Shirley, English Lit 1100-1, Quarter 1, Quarter grading task

Resolution
  -

Steps to Reproduce
  1. Log in as teacher Anne Shirley
  2. In Campus Learning, go to Grade Book for 1100-1
  3. Select Q1, Quarter grade task
  4. Click Post. Note that it is greyed out and cannot be pushed.

Environment Changes
  None

Who is impacted
  English Lit 1100 teachers

Issue Began
  09/07/2021

Error Message
  -

Expected Results
  Post button to be active

————————————————————————————————————————
Case 00001001: status
Case           00001001 (Application Issue)
Status         New (open)
Priority       Medium
Closed         -

Comments (0)
  None.

Attachments (0)
  None.

Open in the portal: ${sb.url}/customers/cases/00001001
`);
    // The guide's Case Details labels, each present as a line of its own.
    for (const label of [
      'Created',
      'Last Modified',
      'Account',
      'Contact',
      'Case Type',
      'Module',
      'Subject',
      'Description',
      'Resolution',
      'Steps to Reproduce',
      'Environment Changes',
      'Who is impacted',
      'Issue Began',
      'Error Message',
      'Expected Results',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^${label.replace(/[?]/g, '\\?')}(\\s|$)`, 'm'));
    }
  });

  it('renders a closed case of 2021 with its resolution, the thread, when it closed and until when it could be reopened', async () => {
    const r = await cli(['case', 'show', '1000']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(withoutOwnSections(r.stdout, 'application-issue'), GUIDE_PAGE).toBe(`Case Details
Created           09/08/2021 - 09:20 AM CDT (Zack Morris (TESTING))
Last Modified     09/10/2021 - 11:05 AM CDT (Infinite Campus Support)
Account           Bayside School (TESTING)
Contact           Zack Morris (TESTING)
Case Type         Campus Application
Module            Attendance

Subject
  Attendance letters print last school year

Description
  Since the year-end rollover, the attendance letters printed at every school show the 20-21 school year and last year's absences instead of 21-22.

  Example: the truancy letter for a student of 21-22 Bayside High, printed 09/07/2021

Resolution
  The Truancy letter template still pointed at the 20-21 calendar after the year-end rollover. The template was set to use the active calendar; the clerk confirmed that letters print the 21-22 school year again.

Steps to Reproduce
  1. Log in as an attendance clerk
  2. Go to Attendance > Attendance Letters
  3. Choose the Truancy letter and 21-22 Bayside High
  4. Click Generate Report. The letter shows the 20-21 school year.

Environment Changes
  Year-end rollover to 21-22 on 08/20/2021

Who is impacted
  Attendance clerks at all schools

Issue Began
  09/01/2021

Error Message
  -

Expected Results
  Letters show the 21-22 school year and its absences

————————————————————————————————————————
Case 00001000: status
Case              00001000 (Application Issue)
Status            Closed
Priority          Low
Closed            09/10/2021 - 11:05 AM CDT
Case Owner        Infinite Campus Support
Reopenable Until  11/09/2021 (passed: it can no longer be reopened; file a new case and mention case 00001000)

Comments (2)
  09/09/2021 - 10:30 AM CDT - Infinite Campus Support (vendor)
    Thank you for the example. We reproduced the 20-21 year on the Truancy letter and are reviewing the letter templates after the rollover.

  09/10/2021 - 10:48 AM CDT - Zack Morris (TESTING)
    Confirmed with our attendance clerk: the letters print 21-22 again. Thanks!

Attachments (0)
  None.

Open in the portal: ${sb.url}/customers/cases/00001000
`);
  });

  it('--json gives the case, its comments and attachments as the portal does', async () => {
    // The model case (no comments yet) and the closed example (a thread of two).
    for (const [number, count] of [
      ['00001001', 0],
      ['00001000', 2],
    ] as const) {
      const r = await cli(['case', 'show', number, '--json']);
      expect(r.code).toBe(0);
      const c = await get(`/api/v1/cases/${number}`);
      const comments = (await get(`/api/v1/cases/${number}/comments`)).comments as Body[];
      expect(comments).toHaveLength(count);
      expect(JSON.parse(r.stdout)).toEqual(asPrinted({ ...c, comments, attachments: [] }));
    }
  });

  it('--web prints the URL where there is no display, and opens the browser where there is one', async () => {
    let r = await cli(['case', 'show', '1002', '--web']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${sb.url}/customers/cases/00001002\n`);

    const bin = join(work.path, 'bin');
    mkdirSync(bin, { recursive: true });
    const opened = join(work.path, 'opened.txt');
    // Written beside, then renamed: the test reads the file as soon as it exists.
    writeFileSync(
      join(bin, 'xdg-open'),
      `#!/bin/sh\nprintf '%s' "$1" > '${opened}.part' && mv '${opened}.part' '${opened}'\n`,
    );
    chmodSync(join(bin, 'xdg-open'), 0o755);
    r = await cli(['case', 'show', '1002', '--web'], { env: { DISPLAY: ':0', PATH: `${bin}:${process.env.PATH}` } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`Opened case 00001002 in your browser: ${sb.url}/customers/cases/00001002\n`);
    for (let i = 0; i < 50 && !existsSync(opened); i++) await new Promise((res) => setTimeout(res, 50));
    expect(readFileSync(opened, 'utf8')).toBe(`${sb.url}/customers/cases/00001002`);

    r = await cli(['case', 'show', '1002', '--web'], { env: { DISPLAY: ':0', CI: 'true' } });
    expect(r.stdout).toBe(`${sb.url}/customers/cases/00001002\n`);
  });

  it('says which case was not found, and refuses a malformed number', async () => {
    let r = await cli(['case', 'show', '999']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('Case 00000999 was not found.');
    r = await cli(['case', 'show', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: "abc" is not a case number.\nA case number has up to 8 digits, e.g. 00001042 or 1042 (see: ic-support case list).\n',
    );
  });
});

describe('case comment', () => {
  const bodies = async (n: string): Promise<string[]> =>
    ((await get(`/api/v1/cases/${n}/comments`)).comments as Body[]).map((c) => c.body as string);

  it('adds a comment from --body, from a file and from standard input', async () => {
    const before = await bodies('00001002');
    let r = await cli(['case', 'comment', '1002', '--body', 'The clerk uses the 25-26 calendar.']);
    expect(r.code).toBe(0);
    const all = (await get('/api/v1/cases/00001002/comments')).comments as Body[];
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`Added comment ${all[all.length - 1]!.id} to case 00001002.\n`);

    const file = join(work.path, 'note.md');
    writeFileSync(file, 'From a file.\nSecond line.\n');
    r = await cli(['case', 'comment', '1002', '--body-file', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      body: 'From a file.\nSecond line.',
      fromVendor: false,
      author: { name: 'Zack Morris (TESTING)' },
    });

    r = await cli(['case', 'comment', '1002', '--body-file', '-'], { input: 'Piped in.\n' });
    expect(r.code).toBe(0);
    expect(await bodies('00001002')).toEqual([
      ...before,
      'The clerk uses the 25-26 calendar.',
      'From a file.\nSecond line.',
      'Piped in.',
    ]);
  });

  it('refuses an empty comment, a missing body and a bad file, sending nothing', async () => {
    const before = await bodies('00001002');
    const cases: [string[], string | undefined, number, string][] = [
      [
        ['--body', '   '],
        undefined,
        2,
        'error: The comment from --body is empty; nothing was sent.\nWrite the comment text with --body TEXT, --body-file FILE, or in your editor.\n',
      ],
      [
        ['--body-file', '-'],
        '\n\n',
        2,
        'error: The comment from --body-file - (standard input) is empty; nothing was sent.\nWrite the comment text with --body TEXT, --body-file FILE, or in your editor.\n',
      ],
      [
        [],
        undefined,
        2,
        'error: No comment given.\nPass --body TEXT or --body-file FILE (- reads standard input); on a terminal, your $VISUAL or $EDITOR opens.\n',
      ],
      [
        ['--body-file', join(work.path, 'missing.txt')],
        undefined,
        2,
        `error: ${join(work.path, 'missing.txt')}: no such file\nGive --body-file the path of a text file (or - for standard input).\n`,
      ],
      [
        ['--body', 'x', '--body-file', 'y'],
        undefined,
        2,
        "error: option '--body <text>' cannot be used with option '--body-file <file>'\nRun with --help for usage.\n",
      ],
    ];
    for (const [args, input, code, stderr] of cases) {
      const r = await cli(['case', 'comment', '1002', ...args], input !== undefined ? { input } : {});
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toBe(stderr);
    }
    expect(await bodies('00001002')).toEqual(before);
  });

  it('opens $EDITOR on a terminal and sends what was written above the scissors line', async () => {
    const editor = join(work.path, 'editor.sh');
    // A scripted "editor": writes a comment above the template that is already in the file.
    writeFileSync(
      editor,
      `#!/bin/sh\n{ printf 'Written in the editor.\\n'; cat "$1"; } > "$1.new" && mv "$1.new" "$1"\n`,
    );
    chmodSync(editor, 0o755);
    const t = spawnCli(['case', 'comment', '1002'], env({ EDITOR: editor }));
    const { code } = await t.exited();
    expect(code).toBe(0);
    expect(t.screen()).toMatch(/Added comment cmt_[\w-]+ to case 00001002\./);
    const list = await bodies('00001002');
    expect(list[list.length - 1]).toBe('Written in the editor.');

    // An editor that leaves the file as it was: empty, refused.
    const t2 = spawnCli(['case', 'comment', '1002'], env({ EDITOR: 'true' }));
    expect((await t2.exited()).code).toBe(2);
    expect(t2.screen()).toContain('The comment from the editor is empty; nothing was sent.');
  });
});

describe('case attach and download', () => {
  const atts = async (n: string): Promise<Body[]> =>
    (await get(`/api/v1/cases/${n}/attachments`)).attachments as Body[];

  it('checks every file before sending any, with one message per file', async () => {
    const big = join(work.path, 'big.bin');
    writeFileSync(big, '');
    truncateSync(big, 25 * 1024 * 1024 + 1);
    const ok = join(work.path, 'ok.txt');
    writeFileSync(ok, 'fine');
    const r = await cli(['case', 'attach', '1002', ok, big, join(work.path, 'nope.txt'), work.path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: 3 problems:\n  ${big}: is 25.0 MiB; the portal takes at most 20.0 MiB per attachment (this portal's limit): compress it or split it\n  ${join(work.path, 'nope.txt')}: no such file\n  ${work.path}: is a folder, not a file\nNothing was attached. Fix or leave out the files above and run again.\n`,
    );
    expect(await atts('00001002')).toEqual([]);
  });

  it('streams files to the case and downloads them back, byte for byte', async () => {
    const a = join(work.path, 'export.csv');
    const b = join(work.path, 'shot.bin');
    writeFileSync(a, 'id,name\n1,Anne Shirley\n');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    writeFileSync(b, bytes);
    let r = await cli(['case', 'attach', '1002', a, b]);
    expect(r.code).toBe(0);
    const list = await atts('00001002');
    expect(list.map((x) => [x.filename, x.size])).toEqual([
      ['export.csv', 23],
      ['shot.bin', bytes.length],
    ]);
    // Sent with its real content type, from the extension (issue 26 §20); unknown: octet-stream.
    expect(list.map((x) => x.contentType)).toEqual(['text/csv', 'application/octet-stream']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `Attached export.csv (23 B) to case 00001002 as ${list[0]!.id}.\nAttached shot.bin (3.0 MiB) to case 00001002 as ${list[1]!.id}.\n`,
    );

    const out = join(work.path, 'out');
    r = await cli(['case', 'download', '1002', '--dir', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Saved ${join(out, 'export.csv')} (23 B)\nSaved ${join(out, 'shot.bin')} (3.0 MiB)\n`);
    expect(readFileSync(join(out, 'export.csv'), 'utf8')).toBe('id,name\n1,Anne Shirley\n');
    expect(readFileSync(join(out, 'shot.bin')).equals(bytes)).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['export.csv', 'shot.bin']); // no temporary file left

    // One by name, into the current folder, as JSON.
    const cwd = join(work.path, 'cwd');
    mkdirSync(cwd);
    r = await cli(['case', 'download', '1002', 'export.csv', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { id: list[0]!.id, filename: 'export.csv', path: join(cwd, 'export.csv'), bytes: 23 },
    ]);
    r = await cli(['case', 'download', '1002', 'missing.pdf']);
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(
      `error: Case 00001002 has no attachment "missing.pdf".\nIts attachments: ${list[0]!.id} (export.csv), ${list[1]!.id} (shot.bin)\n`,
    );
  });

  it('never overwrites without --force, and with --force replaces a symbolic link instead of following it', async () => {
    const out = join(work.path, 'out');
    writeFileSync(join(out, 'export.csv'), 'mine, keep me');
    let r = await cli(['case', 'download', '1002', '--dir', out]);
    expect(r.code).toBe(6);
    expect(r.stderr).toBe(
      `error: ${join(out, 'export.csv')}: already exists; not overwritten.\nPass --force to replace it, or --dir to save elsewhere.\n` +
        `error: ${join(out, 'shot.bin')}: already exists; not overwritten.\nPass --force to replace it, or --dir to save elsewhere.\n` +
        'error: 2 of 2 attachments of case 00001002 were not saved (see above).\n',
    );
    expect(readFileSync(join(out, 'export.csv'), 'utf8')).toBe('mine, keep me');

    const outside = join(work.path, 'outside.txt');
    writeFileSync(outside, 'outside, untouched');
    const link = join(out, 'export.csv');
    r = await cli(['case', 'download', '1002', 'export.csv', '--dir', out, '--force']);
    expect(r.code).toBe(0);
    // Now make the target a link pointing outside and force again: the link is replaced.
    const { rmSync } = await import('node:fs');
    rmSync(link);
    symlinkSync(outside, link);
    r = await cli(['case', 'download', '1002', 'export.csv', '--dir', out, '--force']);
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toBe('id,name\n1,Anne Shirley\n');
    expect(readFileSync(outside, 'utf8')).toBe('outside, untouched');
  });

  it('keeps a hostile attachment name inside the folder (../../evil, /etc/passwd, .bashrc)', async () => {
    // The sandbox's upload strips paths itself, so a hostile portal is simulated in its database.
    // Three files: the same file again would be the same attachment (its Idempotency-Key).
    for (let i = 0; i < 3; i++) {
      const evil = join(work.path, `evil-${i}.txt`);
      writeFileSync(evil, 'EVIL');
      expect((await cli(['case', 'attach', '1003', evil])).code).toBe(0);
    }
    const ids = (await atts('00001003')).map((x) => x.id as string);
    const db = openSandboxDb(sb.dataDir, false);
    try {
      const names = ['../../evil', '/etc/passwd', '.bashrc'];
      ids.forEach((id, i) => db.prepare('UPDATE attachments SET filename = ? WHERE id = ?').run(names[i], id));
    } finally {
      db.close();
    }
    const root = join(work.path, 'nest');
    const dir = join(root, 'a', 'b');
    const r = await cli(['case', 'download', '1003', '--dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `Saved ${join(dir, 'evil')} (4 B)\nSaved ${join(dir, 'etc_passwd')} (4 B)\nSaved ${join(dir, '_bashrc')} (4 B)\n`,
    );
    expect(readdirSync(dir).sort()).toEqual(['_bashrc', 'etc_passwd', 'evil']);
    expect(readdirSync(root)).toEqual(['a']);
    expect(readdirSync(join(root, 'a'))).toEqual(['b']);
    expect(existsSync(join(work.path, 'evil'))).toBe(false);
  });
});
