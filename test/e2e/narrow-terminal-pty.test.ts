/**
 * Every line fits the terminal (issue 26 §15): the built CLI in a real pseudo-terminal of 40, 60
 * and 100 columns walks the form (its field help and input hints), the review (a long description
 * in paragraphs), files the case and prints its hints; then a refused command's hint, the case
 * list's ◆ footer, `case submit --help` and the notifications banner. No line on the screen is wider than the terminal
 * (wide characters counted by display width), and the review keeps its blank line between
 * paragraphs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { runCli } from '../helpers/cli.js';
import { useSandboxSession } from '../helpers/sandbox.js';
import { KEY, spawnCli, type PtySession } from '../helpers/pty.js';

const session = useSandboxSession();

/** A question or message as it may be wrapped on a narrow screen: its words, any whitespace between. */
const loose = (text: string): RegExp =>
  new RegExp(
    text
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+'),
  );

/**
 * Every run of text written on one row that is wider than `cols`, with its width. From what the
 * CLI wrote (raw): colors dropped; a line break, a carriage return or any cursor movement or erase
 * (a prompt drawing itself again) starts a new run, so each run is text a row had to hold.
 */
function tooWide(raw: string, cols: number): string[] {
  return (
    raw
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, '')
      // eslint-disable-next-line no-control-regex
      .split(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>]|\r?\n|\r/)
      .filter((l) => stringWidth(l) > cols)
      // A URL is never cut (it would no longer open): on a line of its own, or after the case
      // number it belongs to (the command's data on stdout), it may be wider than a narrow terminal.
      .filter((l) => !/^\s*(\d{8} )?https?:\/\/\S+$/.test(l))
      .map((l) => `${stringWidth(l)}: ${l}`)
  );
}

const PARAGRAPH_1 =
  'Counselors at Bayside School (TESTING) ask how a student requests a schedule change this term, who approves it, and where the approved changes appear for the registrar.';
const PARAGRAPH_2 = 'We looked in Scheduling and in the Counseling tools and found no request form.';

/** Waits for the prompt `q`; an optional question on the way (one the script does not name) is left empty. */
async function until(s: PtySession, q: string, skip: string[] = []): Promise<void> {
  const want = loose(`? ${q}`);
  if (!skip.length) return void (await s.expect(want));
  for (;;) {
    const seen = await s.expect(new RegExp(`${want.source}|\\?\\s+(${skip.join('|')})`));
    if (want.test(seen)) return;
    s.line('');
    await s.expect('✔');
  }
}

async function walk(cols: number): Promise<PtySession> {
  const s = spawnCli(['case', 'submit', 'ask-a-question'], session.env, { cols, rows: 200 });
  await s.expect(loose('Is this case about one of them?'));
  s.send(KEY.enter);
  for (const q of ['Account', 'Contact', 'Priority', 'Module']) {
    await until(s, q);
    s.send(KEY.enter);
  }
  await until(s, 'Subject', ['Location']);
  s.line('Counselor schedule change requests');
  // Two paragraphs with a blank line between, read from a file (typed, an empty line ends the text).
  const file = join(session.dir, `description-${cols}.txt`);
  writeFileSync(file, `${PARAGRAPH_1}\n\n${PARAGRAPH_2}\n`);
  await until(s, 'Description');
  s.line(`@${file}`);
  await until(s, 'Attach a file');
  s.line('');
  await s.expect('Ask a Question case');
  await s.expect(loose('? What next?'));
  s.send(KEY.enter);
  expect(await s.exited()).toEqual({ code: 0 });
  return s;
}

describe('every line fits the terminal (issue 26 §15)', () => {
  it.each([40, 60, 100])(
    'at %i columns: the form, the review, the filing and its hints',
    async (cols) => {
      const s = await walk(cols);
      const screen = s.screen();
      expect(screen).toMatch(loose('Counselor schedule change requests'));
      // The review keeps the blank line between the description's paragraphs.
      expect(screen).toMatch(new RegExp(`${loose('for the registrar.').source}\\r?\\n\\r?\\n +We looked`));
      expect(screen).toMatch(/\d{8}\s+http/);
      expect(tooWide(s.raw(), cols)).toEqual([]);
    },
    60_000,
  );

  it.each([40, 60, 100])(
    'at %i columns: a refused command and its hint, the case list and its ◆ footer, case submit --help, the banner',
    async (cols) => {
      // A hint that names the fix: an account that is none of the user's.
      const refused = spawnCli(['case', 'list', '--account', 'Springfield Unified School District'], session.env, {
        cols,
        rows: 100,
      });
      expect((await refused.exited()).code).toBe(2);
      expect(refused.screen()).toMatch(loose('is not one of your districts'));
      // A Pending case, so that the list prints its ◆ footer.
      const filed = await runCli(
        [
          'case',
          'submit',
          'ask-a-question',
          '--account',
          'Bayside School (TESTING)',
          '--module',
          'Scheduling',
          '--subject',
          `Pending at ${cols} columns`,
          '--description',
          'How do counselors request a schedule change this term, and who approves it?',
          '--json',
        ],
        { env: session.env },
      );
      expect(filed.code, filed.stderr).toBe(0);
      const number = (JSON.parse(filed.stdout) as { number: string }).number;
      const posted = await runCli(
        [
          'sandbox',
          'post-resolution',
          number,
          '--resolution',
          'Use the schedule change request form.',
          '--url',
          session.sb.url,
          '--data-dir',
          session.sb.dataDir,
        ],
        { env: session.env },
      );
      expect(posted.code, posted.stderr).toBe(0);
      const list = spawnCli(['case', 'list'], session.env, { cols, rows: 100 });
      expect((await list.exited()).code).toBe(0);
      expect(list.screen()).toContain('◆');
      const help = spawnCli(['case', 'submit', '--help'], session.env, { cols, rows: 400 });
      expect((await help.exited()).code).toBe(0);
      // The banner and the open notifications (the seed's DigiCert incident and its updates).
      const banner = spawnCli(['notifications'], session.env, { cols, rows: 200 });
      expect((await banner.exited()).code).not.toBe(8);
      expect(banner.screen()).toMatch(/INCIDENT/);
      for (const [what, screen] of [
        ['refused', refused.raw()],
        ['list', list.raw()],
        ['help', help.raw()],
        ['banner', banner.raw()],
      ] as const)
        expect(tooWide(screen, cols), what).toEqual([]);
    },
    60_000,
  );
});
