// case submit as a person at a terminal: the built CLI in a real pseudo-terminal, against the
// sandbox; each case is read back from the portal as stored.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useSandboxSession, type Body } from '../helpers/sandbox.js';
import { KEY, spawnCli, type PtySession } from '../helpers/pty.js';
import { notInGuide } from '../helpers/guide.js';
import { catalog } from '../../src/domain/catalog/index.js';
import { questionArgs } from '../helpers/filed-case.js';

const session = useSandboxSession();

const stored = (number: string): Promise<Body> => session.stored(number);

const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The optional fields of the catalog's own (not in the guide's table): the scripts below leave them empty. */
const OWN = [
  ...new Set(
    catalog.types.flatMap((t) =>
      notInGuide(t)
        .filter((f) => !f.required && f.kind !== 'acknowledgement')
        .map((f) => f.label),
    ),
  ),
];

/**
 * Waits for the question `q` (the guide's fields, in the guide's order); a question of one of the
 * catalog's own optional fields, asked on the way, is left empty.
 */
async function question(s: PtySession, q: string): Promise<void> {
  try {
    await ownThenQuestion(s, q);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(
      `${why}\n(This test's script holds the form's questions in order: a new question of the guide's form goes there.)`,
    );
  }
}

async function ownThenQuestion(s: PtySession, q: string): Promise<void> {
  if (!OWN.length) return void (await s.expect(q));
  const own = new RegExp(`^\\? (?:${OWN.map(escape).join('|')}) \\(optional\\)`);
  for (;;) {
    const seen = await s.expect(new RegExp(`${escape(q)}|\\? (?:${OWN.map(escape).join('|')}) \\(optional\\)`));
    if (!own.test(seen)) return;
    s.line('');
    await s.expect('✔'); // taken: the prompt may draw itself again before
  }
}

/** Moves a select list from its default to the item at `index` and chooses it. */
async function pick(s: PtySession, q: string, index: number, defaultIndex = 0): Promise<void> {
  await question(s, q.startsWith('? ') ? q : `? ${q}`);
  const steps = index - defaultIndex;
  await s.press(steps >= 0 ? KEY.down : KEY.up, Math.abs(steps));
  s.send(KEY.enter);
}

/**
 * Types a long text line by line. Each line waits for the prompt itself ("? Label", then "? …")
 * and for its answer to be taken ("✔"), so that no keystroke reaches a prompt not yet drawn.
 */
async function text(s: PtySession, q: string, lines: string[]): Promise<void> {
  await question(s, `? ${q}`);
  for (const [i, l] of [...lines, ''].entries()) {
    if (i > 0) await s.expect('? …');
    s.line(l);
    await s.expect('✔');
  }
}

/** Answers "Is this case about one of them?" with its default, "No" (the seed's DigiCert incident is open, status Resolved). */
async function notAboutThem(s: PtySession): Promise<void> {
  await s.expect('? Is this case about one of them?');
  s.send(KEY.enter);
}

async function answer(s: PtySession, q: string, value: string): Promise<void> {
  await question(s, `? ${q}`);
  s.line(value);
}

// The sandbox portal's Module list, not the bundled one: it adds Calendar and Ed-Fi.
const MODULES = [
  'Attendance',
  'Behavior',
  'Calendar',
  'Campus Learning',
  'Census',
  'Communication',
  'Curriculum',
  'Ed-Fi',
  'Fees',
  'Food Service',
  'Grade Book',
];

const filedNumber = (screen: string): string => /(\d{8}) http/.exec(screen)?.[1] ?? '';

describe('case submit in a terminal', () => {
  it("files the guide's model Application Issue, with its screenshot", async () => {
    const shot = join(session.dir, 'screenshot.png');
    writeFileSync(shot, Buffer.alloc(2048, 7));
    const s = spawnCli(['case', 'submit', 'application-issue'], session.env);
    await notAboutThem(s);
    await pick(s, 'Account', 0); // Bayside School (TESTING)
    await pick(s, 'Contact', 0); // Zack Morris (you)
    // High, Medium (the default), Low: Critical is not offered outside Report an Outage.
    await pick(s, 'Priority', 0, 1);
    await pick(s, '? Type', 0); // Campus Application
    await pick(s, 'Module', MODULES.indexOf('Grade Book'));
    await answer(s, 'Subject', 'Teachers unable to post grades');
    await text(s, 'Description', [
      'None of the English Literature teachers at 21-22 Campus High School are able to post grades.',
      'When they try to click the Post button in their grade books, it is greyed out and inactive.',
    ]);
    await text(s, 'Steps to Reproduce', [
      '1. Log in as teacher Anne Shirley',
      '2. In Campus Learning, go to Grade Book for 1100-1',
      '3. Select Q1, Quarter grade task',
      '4. Click Post.',
    ]);
    // The guide's Case Details order.
    await text(s, 'Environment Changes', ['None']);
    await answer(s, 'Who is impacted?', 'English Lit 1100 teachers');
    await answer(s, 'Issue Began', '09/07/2021');
    await text(s, 'Error Message', []);
    await text(s, 'Expected Results', ['Post button to be active']);
    // Attachments: each path is checked as it is typed (a missing file is refused at once).
    await answer(s, 'Attach a file', join(session.dir, 'no-such-screenshot.png'));
    await s.expect('no such file');
    await s.press(KEY.backspace, join(session.dir, 'no-such-screenshot.png').length);
    s.line(shot);
    await answer(s, 'Attach a file (path; empty when done, 1 so far)', '');
    await s.expect('Application Issue case');
    await s.expect('screenshot.png (');
    await s.expect('? What next?');
    s.send(KEY.enter);
    expect(await s.exited()).toEqual({ code: 0 });
    const c = await stored(filedNumber(s.screen()));
    expect(c.priority).toBe('High');
    expect(c.account.name).toBe('Bayside School (TESTING)');
    expect(c.fields).toMatchObject({
      type: 'Campus Application',
      module: 'Grade Book',
      subject: 'Teachers unable to post grades',
      description:
        'None of the English Literature teachers at 21-22 Campus High School are able to post grades.\nWhen they try to click the Post button in their grade books, it is greyed out and inactive.',
      stepsToReproduce:
        '1. Log in as teacher Anne Shirley\n2. In Campus Learning, go to Grade Book for 1100-1\n3. Select Q1, Quarter grade task\n4. Click Post.',
      expectedResults: 'Post button to be active',
      whoIsImpacted: 'English Lit 1100 teachers',
      issueBegan: '2021-09-07',
      environmentChanges: 'None',
    });
    expect(c.fields.errorMessage).toBeUndefined();
    const files = await session.api.call('GET', `/api/v1/cases/${c.number as string}/attachments`, {
      token: session.token,
    });
    expect(
      (files.body as { attachments: { filename: string; size: number }[] }).attachments.map((a) => [
        a.filename,
        a.size,
      ]),
    ).toEqual([['screenshot.png', 2048]]);
  });

  it('files a Modify Support Contacts Replace with two areas of responsibility', async () => {
    const s = spawnCli(
      [
        'case',
        'submit',
        'modify-support-contacts',
        '--account',
        'Bayside School (TESTING)',
        '--subject',
        'Replace retiring Authorized Contact',
      ],
      session.env,
    );
    // Some fields were given as flags: only the missing required ones are asked.
    await notAboutThem(s);
    await pick(s, 'Request Type', 2); // Add, Update, Replace
    await answer(s, 'Contact First Name', 'Albert');
    await answer(s, 'Contact Last Name', 'Slater');
    await answer(s, 'Contact Email', 'not-an-email');
    await s.expect('must be an email address');
    await s.press(KEY.backspace, 12);
    s.line('ac.slater@bayside.example');
    await answer(s, 'Contact Primary Phone', '555-123-4567');
    await pick(s, 'Contact Type', 0); // Authorized
    await s.expect('Area of Responsibility');
    await s.press(KEY.space); // SIS
    await s.press(KEY.down, 3);
    await s.press(KEY.space); // Finance
    s.send(KEY.enter);
    // Replace makes Contact Replacement Name required: it is asked, says so, and refuses an empty answer.
    await s.expect('Required here: A Replace request must say which contact is being removed');
    await answer(s, 'Contact Replacement Name (required)', '');
    await s.expect('A Replace request must say which contact is being removed');
    s.line('Richard Belding');
    await text(s, 'Description', ['Mr. Belding retires at the end of the month; A. C. Slater replaces him.']);
    await s.expect('Contact Replacement Name');
    await s.expect('? What next?');
    s.send(KEY.enter);
    expect(await s.exited()).toEqual({ code: 0 });
    const c = await stored(filedNumber(s.screen()));
    expect(c.fields).toMatchObject({
      requestType: 'Replace',
      contactFirstName: 'Albert',
      contactLastName: 'Slater',
      contactEmail: 'ac.slater@bayside.example',
      contactPrimaryPhone: '555-123-4567',
      contactType: 'Authorized',
      areaOfResponsibility: ['SIS', 'Finance'],
      contactReplacementName: 'Richard Belding',
      subject: 'Replace retiring Authorized Contact',
    });
  });

  it('Cancel at the review, confirmed, files nothing and exits 16, not 0 (issue 26 §16)', async () => {
    const s = spawnCli(
      ['case', 'submit', 'ask-a-question', '--module', 'Calendar', '--subject', 'A question never asked'],
      session.env,
    );
    await notAboutThem(s);
    await text(s, 'Description', ['Never mind.']);
    await s.expect('? What next?');
    await s.press(KEY.down, 3); // Submit, Edit a field, Save draft, Cancel
    s.send(KEY.enter);
    await s.expect('Discard this case?');
    s.line('y');
    expect(await s.exited()).toEqual({ code: 16 });
    expect(s.screen()).toContain('Canceled; nothing was filed.');
  });

  // Issue 13 §7: every path shows the open incidents before filing, as the form does (one function).
  it("all fields given as flags: the open notifications are shown and asked about before filing, the one chosen is recorded, the account is the portal's own", async () => {
    const subject = 'Certificate warnings on every page (flags)';
    const s = spawnCli(
      [...questionArgs('Calendar', subject, 'Every page shows a certificate warning since this morning.')],
      session.env,
    );
    await s.expect('Open notifications (if one matches, please still file: it helps Infinite Campus see the scope):');
    await s.expect('[incident] DigiCert Incident (Resolved)');
    // No field is asked: all were given. Only this question, then the case is filed.
    await pick(s, 'Is this case about one of them?', 1); // No, DigiCert Incident, …
    expect(await s.exited()).toEqual({ code: 0 });
    const screen = s.screen();
    expect(screen.indexOf('Open notifications')).toBeLessThan(screen.indexOf(filedNumber(screen)));
    expect(screen).not.toContain('? Subject');
    const c = await stored(filedNumber(screen));
    expect(c.fields.subject).toBe(subject);
    // No --account at a terminal without the form: the district the portal assigns (issue 13 §3), never none.
    expect(c.account).toMatchObject({ id: 'dst_bayside' });
    expect(c.fields.description).toMatch(/\n\nRelated notification: DigiCert Incident \(ntf_\w+\)$/);
  });

  it('a case file (--from-file): the open notifications are shown before filing, "No" files it as written', async () => {
    const file = join(session.dir, 'question.yaml');
    const subject = 'Snow day calendar setup (file)';
    writeFileSync(
      file,
      [
        'caseType: ask-a-question',
        'module: Calendar',
        `subject: ${subject}`,
        'description: How do we set up a snow day?',
      ].join('\n'),
    );
    const s = spawnCli(['case', 'submit', '--from-file', file], session.env);
    await s.expect('[incident] DigiCert Incident (Resolved)');
    await notAboutThem(s);
    expect(await s.exited()).toEqual({ code: 0 });
    const c = await stored(filedNumber(s.screen()));
    expect(c.fields).toMatchObject({ subject, description: 'How do we set up a snow day?' });
  });

  it('keeps a draft on Ctrl-C and files it when resumed', async () => {
    const s = spawnCli(['case', 'submit', 'report-an-outage', '--account', 'Bayside School (TESTING)'], session.env);
    await notAboutThem(s);
    await answer(s, 'Subject', 'Campus unreachable for all users');
    await s.expect('Description');
    s.line('Since 7:40 this morning nobody in the district can reach the login page.');
    await s.expect('…');
    s.send(KEY.ctrlC);
    expect(await s.exited()).toEqual({ code: 130 });
    const draftId = /saved as draft (\S+)\./.exec(s.screen())?.[1];
    expect(draftId).toMatch(/^\d{8}-[0-9a-f]{6}$/);

    const list = await runCli(['case', 'drafts', '--json'], { env: session.env });
    expect(JSON.parse(list.stdout)).toEqual([
      {
        id: draftId,
        caseType: 'report-an-outage',
        subject: 'Campus unreachable for all users',
        reason: 'interrupted',
        updatedAt: expect.any(String),
      },
    ]);

    const r = spawnCli(['case', 'submit', '--draft', draftId!], session.env);
    // No notification was chosen: asked again. The answers are filled in: the form asks only what is still missing (the description).
    await notAboutThem(r);
    await text(r, 'Description', ['Since 7:40 this morning nobody in the district can reach the login page.']);
    await r.expect('? What next?');
    r.send(KEY.enter);
    expect(await r.exited()).toEqual({ code: 0 });
    const c = await stored(filedNumber(r.screen()));
    expect(c.fields).toMatchObject({
      subject: 'Campus unreachable for all users',
      description: 'Since 7:40 this morning nobody in the district can reach the login page.',
    });
    const after = await runCli(['case', 'drafts', '--json'], { env: session.env });
    expect(JSON.parse(after.stdout)).toEqual([]);
  });
});
