// The case submit form catching mistakes as they are made, in a real pseudo-terminal against the
// sandbox: the catalog's rules at the prompt, long text in $EDITOR, the related incident kept.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { signedInEnv, useSandboxSession } from '../helpers/sandbox.js';
import { KEY, spawnCli, type PtySession } from '../helpers/pty.js';
import { addDays, localToday } from '../../src/domain/dates.js';
import { outageArgs } from '../helpers/filed-case.js';

const session = useSandboxSession();

const filedNumber = (screen: string): string => /(\d{8}) http/.exec(screen)?.[1] ?? '';

async function answer(s: PtySession, question: string, value: string): Promise<void> {
  await s.expect(`? ${question}`);
  s.line(value);
}

/** Erases what the prompt holds (a refused answer stays on the line) and types another. */
async function retype(s: PtySession, previous: string, value: string): Promise<void> {
  await s.press(KEY.backspace, previous.length);
  s.line(value);
}

/** Chooses Submit at the review; the number of the case filed. */
async function submitAtReview(s: PtySession): Promise<string> {
  await s.expect('? What next?');
  s.send(KEY.enter);
  expect(await s.exited()).toEqual({ code: 0 });
  return filedNumber(s.screen());
}

/** Answers "Is this case about one of them?" with the notification `id` (the list is "No", then those printed above it). */
async function chooseNotification(s: PtySession, id: string): Promise<void> {
  await s.expect('? Is this case about one of them?');
  const listed = [...s.screen().matchAll(/ {2}\[\w+\] (.+?) \(\w+\) {2}id (\S+)/g)].map((m) => m[2]);
  await s.press(KEY.down, listed.indexOf(id) + 1);
  s.send(KEY.enter);
}

/** Answers "Is this case about one of them?" with its default, "No" (the seed's DigiCert incident is open, status Resolved). */
async function notAboutThem(s: PtySession): Promise<void> {
  await s.expect('? Is this case about one of them?');
  s.send(KEY.enter);
}

describe('the form checks each answer with the catalog rules', () => {
  it('refuses a Data Restore date outside the retention window at its prompt, with the rule message', async () => {
    const today = localToday(new Date());
    const s = spawnCli(
      [
        'case',
        'submit',
        'data-restore',
        '--account',
        'Bayside School (TESTING)',
        '--subject',
        'Restore deleted enrollment',
        '--module',
        'Census',
      ],
      session.env,
    );
    const old = addDays(today, -45);
    await notAboutThem(s);
    await answer(s, 'Approximate Date of Loss', old);
    await s.expect('Approximate Date of Loss must be within the last 30 days');
    await retype(s, old, addDays(today, -3));
    await answer(s, 'Reason for Restore', 'Enrollment deleted by mistake.');
    await answer(s, '…', '');
    await answer(s, 'Description', 'One enrollment was deleted by mistake.');
    await answer(s, '…', '');
    // An acknowledgement the rule requires says so in its question; it is the guide's rule, not a
    // field of the portal's form, so it is asked after the portal's fields.
    await s.expect('? Written Permission (required): do you confirm?');
    s.send('y');
    s.send(KEY.enter);
    const c = await session.stored(await submitAtReview(s));
    expect(c.fields.approximateDateOfLoss).toBe(addDays(today, -3));
  });

  it('refuses a past or repeated training date at its prompt', async () => {
    const today = localToday(new Date());
    const s = spawnCli(
      [
        'case',
        'submit',
        'request-training',
        '--account',
        'Bayside School (TESTING)',
        '--subject',
        'Scheduling training',
        '--description',
        'For counselors.',
        '--request-type',
        'Scheduling',
      ],
      session.env,
    );
    const past = addDays(today, -1);
    await notAboutThem(s);
    await answer(s, 'Preferred Training Date, first choice', past);
    await s.expect('each date must be in the future and different from the others');
    await retype(s, past, addDays(today, 10));
    await answer(s, 'Preferred Training Date, second choice', addDays(today, 10));
    await s.expect('each date must be in the future and different from the others');
    await retype(s, addDays(today, 10), addDays(today, 11));
    await answer(s, 'Preferred Training Date, third choice', '');
    const c = await session.stored(await submitAtReview(s));
    expect(c.fields.preferredTrainingDates).toEqual([addDays(today, 10), addDays(today, 11)]);
  });
});

describe('long text in the editor', () => {
  it('opens $EDITOR for a Description, keeps its paragraphs, and case show keeps the blank line', async () => {
    const editor = join(session.dir, 'editor.sh');
    writeFileSync(
      editor,
      `#!/bin/sh\nprintf 'Since 7:40 nobody can reach the login page.\\n\\nThe Notifications page shows nothing yet.\\n' > "$1"\n`,
    );
    chmodSync(editor, 0o755);
    const s = spawnCli(
      [
        'case',
        'submit',
        'report-an-outage',
        '--account',
        'Bayside School (TESTING)',
        '--subject',
        'Campus unreachable for all users',
      ],
      { ...session.env, EDITOR: editor, VISUAL: '' },
    );
    await notAboutThem(s);
    await s.expect('"e" alone opens your editor');
    await answer(s, 'Description', 'e');
    await s.expect('The Notifications page shows nothing yet.');
    const number = await submitAtReview(s);
    const c = await session.stored(number);
    expect(c.fields.description).toBe(
      'Since 7:40 nobody can reach the login page.\n\nThe Notifications page shows nothing yet.',
    );
    const shown = await runCli(['case', 'show', number], { env: session.env });
    expect(shown.stdout).toContain(
      '  Since 7:40 nobody can reach the login page.\n\n  The Notifications page shows nothing yet.\n',
    );
  });
});

describe('the related incident', () => {
  it("a Critical outage case about it is told the guide's line: the call is not necessary unless more context is needed", async () => {
    const made = await session.api.call('POST', '/sandbox/v1/notifications', {
      admin: true,
      body: { kind: 'incident', title: 'Campus sign-in outage', body: 'Some districts cannot sign in.' },
    });
    const id = (made.body as { id: string }).id;
    try {
      const s = spawnCli(
        [
          ...outageArgs('Nobody can sign in to Campus', 'No one at any school can sign in since 7:05 AM today.'),
          '--priority',
          'Critical',
        ],
        session.env,
        { cols: 200 },
      );
      await chooseNotification(s, id);
      // Every field was given: it is filed without a review.
      expect(await s.exited()).toEqual({ code: 0 });
      expect(s.screen()).toContain(
        `Critical case about the open notification Campus sign-in outage (${id}): as the guide says, a follow-up phone call is not necessary unless additional context is needed`,
      );
      expect(s.screen()).not.toContain('also call Infinite Campus Support');
    } finally {
      await session.api.call('POST', `/sandbox/v1/notifications/${id}/close`, {
        admin: true,
        body: { body: 'Resolved.' },
      });
    }
  });

  it('is kept whatever is typed next, shown in the review, and sent with the case', async () => {
    const made = await session.api.call('POST', '/sandbox/v1/notifications', {
      admin: true,
      body: { kind: 'incident', title: 'Campus Parent app errors', body: 'Parents see an error when signing in.' },
    });
    expect(made.status).toBe(201);
    const id = (made.body as { id: string }).id;
    try {
      const s = spawnCli(
        [
          'case',
          'submit',
          'application-issue',
          '--account',
          'Bayside School (TESTING)',
          '--type',
          'Campus Application',
          '--module',
          'Student Information',
          '--subject',
          'Parents cannot sign in to the app',
        ],
        session.env,
      );
      await chooseNotification(s, id);
      await answer(s, 'Description', 'Parents see "Something went wrong" after signing in.');
      await answer(s, '…', '');
      await s.expect(`Related notification: Campus Parent app errors (${id})`);
      const c = await session.stored(await submitAtReview(s));
      expect(c.fields.description).toBe(
        `Parents see "Something went wrong" after signing in.\n\nRelated notification: Campus Parent app errors (${id})`,
      );

      // Interrupted, the choice (and the files to attach) stay with the draft; resumed, they are sent.
      const shot = join(session.dir, 'parent-app.png');
      writeFileSync(shot, 'png');
      const a = spawnCli(
        [
          'case',
          'submit',
          'application-issue',
          '--account',
          'Bayside School (TESTING)',
          '--type',
          'Campus Application',
          '--module',
          'Student Information',
          '--subject',
          'Parent app error on login',
          '--attach',
          shot,
        ],
        session.env,
      );
      await chooseNotification(a, id);
      await a.expect('? Description');
      a.send(KEY.ctrlC);
      expect(await a.exited()).toEqual({ code: 130 });
      const draftId = /saved as draft (\S+)\./.exec(a.screen())?.[1];
      const b = spawnCli(['case', 'submit', '--draft', draftId!], session.env);
      await b.expect(`This case is about Campus Parent app errors (${id})`);
      await answer(b, 'Description', 'Parents see an error after signing in.');
      await answer(b, '…', '');
      await b.expect('parent-app.png');
      const number = await submitAtReview(b);
      expect((await session.stored(number)).fields.description).toBe(
        `Parents see an error after signing in.\n\nRelated notification: Campus Parent app errors (${id})`,
      );
      const files = await session.api.call('GET', `/api/v1/cases/${number}/attachments`, { token: session.token });
      expect((files.body as { attachments: { filename: string }[] }).attachments.map((f) => f.filename)).toEqual([
        'parent-app.png',
      ]);
    } finally {
      await session.api.call('POST', `/sandbox/v1/notifications/${id}/close`, {
        admin: true,
        body: { body: 'Resolved.' },
      });
    }
  });
});

describe('open incidents before filing, for every case type', () => {
  it("shows each type of the portal's catalog the open incidents, in progress and Resolved, before its first question", async () => {
    const made = await session.api.call('POST', '/sandbox/v1/notifications', {
      admin: true,
      body: {
        kind: 'incident',
        title: 'Campus slow for all districts',
        body: 'We are investigating reports of slowness.',
      },
    });
    expect(made.status).toBe(201);
    const id = (made.body as { id: string }).id;
    try {
      const catalog = await session.api.call('GET', '/api/v1/catalog', { token: session.token });
      const types = (catalog.body as { types: { id: string }[] }).types.map((t) => t.id);
      // Every type of the catalog, not only those whose guidance names the notifications.
      expect(types).toHaveLength(10);
      // A state folder of its own: the drafts the interruptions leave stay out of the other tests'.
      const { env } = await signedInEnv(session.sb, join(session.dir, 'every-type'));
      // The ten terminals at once: each process mostly waits (its start, the portal), so side by
      // side they take the time of a few, not of ten in turn.
      await Promise.all(
        types.map(async (type) => {
          const s = spawnCli(['case', 'submit', type], env);
          await s.expect('? Is this case about one of them?', 30_000);
          const screen = s.screen();
          expect(screen, type).toContain(
            'Open notifications (if one matches, please still file: it helps Infinite Campus see the scope):',
          );
          expect(screen, type).toContain(`  [incident] Campus slow for all districts (Investigating)  id ${id}`);
          expect(screen, type).toContain('  [incident] DigiCert Incident (Resolved)  id ntf_digicert');
          // Before the form's first question.
          expect(screen.indexOf('Open notifications'), type).toBeLessThan(screen.indexOf('? '));
          // Ctrl-C at this question stops the submission as at any other (it once went on to the form).
          s.send(KEY.ctrlC);
          expect(await s.exited(), type).toEqual({ code: 130 });
          expect(s.screen(), type).not.toMatch(/\? (Account|Subject)/);
        }),
      );
    } finally {
      await session.api.call('POST', `/sandbox/v1/notifications/${id}/close`, {
        admin: true,
        body: { body: 'Resolved.' },
      });
    }
  });
});

describe('Ctrl-C between two questions', () => {
  it('keeps the answers as a draft while the form waits on the portal, then ends as Ctrl-C does', async () => {
    // A Notifications page that takes the request and never answers: the form waits there, between two
    // questions, with no prompt reading the terminal, so Ctrl-C arrives as a signal (SIGINT).
    const { createServer } = await import('node:net');
    let asked!: () => void;
    const reached = new Promise<void>((resolve) => (asked = resolve));
    const silent = createServer((socket) => socket.on('data', () => asked()));
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    try {
      const { env } = await signedInEnv(session.sb, join(session.dir, 'interrupted-between'));
      const statusUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
      const s = spawnCli(['case', 'submit', 'ask-a-question', '--subject', 'Kept when interrupted between questions'], {
        ...env,
        IC_SUPPORT_NOTIFICATIONS_URL: statusUrl,
      });
      await reached;
      s.send(KEY.ctrlC);
      // Ended by the signal, as an interrupted command ends (the shell reports 130).
      expect(await s.exited()).toEqual({ code: 0, signal: 2 });
      expect(s.screen()).toMatch(
        /Interrupted; your answers are saved as draft \S+\.\s+Resume with: ic-support case submit --draft \S+/,
      );
      const drafts = await runCli(['case', 'drafts', '--json'], { env });
      expect(drafts.code, drafts.stderr).toBe(0);
      expect(JSON.parse(drafts.stdout)).toContainEqual(
        expect.objectContaining({
          caseType: 'ask-a-question',
          subject: 'Kept when interrupted between questions',
          reason: 'interrupted',
        }),
      );
    } finally {
      silent.close();
    }
  });
});

// Issue 26 §18: the form and the README agree on what is asked when some fields are flags.
describe('some fields given as flags', () => {
  it('asks only the required fields still missing, as the README says; the review names the district', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(
      'Given some fields (as flags, a case file or a draft), the form does not ask the rest: it asks only the required fields still missing. Account, Contact and Priority keep their defaults and no files are asked for',
    );
    const s = spawnCli(
      ['case', 'submit', 'ask-a-question', '--subject', 'Snow day setup for the district calendar'],
      session.env,
      { cols: 120 },
    );
    await notAboutThem(s);
    await s.expect('? Module');
    s.send(KEY.enter);
    await answer(s, 'Description', 'How do our counselors set up a snow day in the calendar tool?');
    await answer(s, '…', '');
    await s.expect('? What next?');
    const screen = s.screen();
    for (const q of ['? Account', '? Contact', '? Priority', '? Attach']) expect(screen).not.toContain(q);
    // Zack is a contact of two districts; the portal assigns him Bayside.
    expect(screen).toMatch(/Account\s+Bayside School \(TESTING\)/);
    expect(screen).not.toContain('(your district)');
    s.send(KEY.enter);
    expect(await s.exited()).toEqual({ code: 0 });
  });
});
