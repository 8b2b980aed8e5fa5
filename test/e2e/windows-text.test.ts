// Text as Windows writes it (issue 28 §2): CRLF from Notepad and PowerShell, a UTF-8 byte-order
// mark, UTF-16 from Windows PowerShell 5.1's `>` — through --body-file, @file values, case files and
// batches, standard input included — is stored as the same text a Linux editor would have written.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { useSandboxSession, type Body } from '../helpers/sandbox.js';

const session = useSandboxSession();

type Encoding = 'crlf' | 'utf8-bom' | 'utf16le' | 'utf16be';
const ENCODINGS: Encoding[] = ['crlf', 'utf8-bom', 'utf16le', 'utf16be'];

/** The bytes Windows tools write for `text` (LF line ends): CRLF in every one, as Notepad saves. */
function windowsBytes(text: string, enc: Encoding): Buffer {
  const crlf = text.replace(/\n/g, '\r\n');
  if (enc === 'crlf') return Buffer.from(crlf, 'utf8');
  if (enc === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf, 'utf8')]);
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf, 'utf16le')]);
  return enc === 'utf16le' ? le : le.swap16();
}

function write(name: string, text: string, enc: Encoding): string {
  const file = join(session.dir, `${enc}-${name}`);
  writeFileSync(file, windowsBytes(text, enc));
  return file;
}

const DESCRIPTION = 'Première ligne: the snow day calendar.\nSecond line — with “quotes”.\n\nLast line.';
const ACCOUNT = 'Bayside School (TESTING)';

async function storedCase(stdout: string): Promise<Body> {
  const number = stdout.trim().split(/\s+/)[0]!;
  expect(number).toMatch(/^\d{8}$/);
  return session.stored(number);
}

/** The case numbers of a batch's --json output (one JSON line per case). */
const batchNumbers = (stdout: string): string[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { number: string }).number);

const submitFlags = (subject: string): string[] => [
  'case',
  'submit',
  'ask-a-question',
  '--account',
  ACCOUNT,
  '--module',
  'Attendance',
  '--subject',
  subject,
];

describe.each(ENCODINGS)('%s text', (enc) => {
  it('is stored as LF UTF-8 from an @file value', async () => {
    const file = write('description.txt', `${DESCRIPTION}\n`, enc);
    const r = await runCli([...submitFlags(`at-file ${enc}`), '--description', `@${file}`], { env: session.env });
    expect(r.stderr).toContain('Filed case');
    expect(r.code).toBe(0);
    expect((await storedCase(r.stdout)).fields.description).toBe(DESCRIPTION);
  });

  it('is stored as LF UTF-8 from a value on standard input', async () => {
    const r = await runCli([...submitFlags(`stdin ${enc}`), '--description', '-'], {
      env: session.env,
      input: windowsBytes(`${DESCRIPTION}\n`, enc),
    });
    expect(r.code).toBe(0);
    expect((await storedCase(r.stdout)).fields.description).toBe(DESCRIPTION);
  });

  it('is read as a YAML and as a JSON case file', async () => {
    const yaml = write(
      'case.yaml',
      [
        'caseType: ask-a-question',
        `account: ${ACCOUNT}`,
        'module: Attendance',
        `subject: YAML case file ${enc}`,
        'description: |-',
        ...DESCRIPTION.split('\n').map((l) => (l ? `  ${l}` : '')),
        '',
      ].join('\n'),
      enc,
    );
    const y = await runCli(['case', 'submit', '--from-file', yaml], { env: session.env });
    expect(y.stderr).toContain('Filed case');
    expect(y.code).toBe(0);
    expect((await storedCase(y.stdout)).fields).toMatchObject({
      subject: `YAML case file ${enc}`,
      description: DESCRIPTION,
    });
    const json = write(
      'case.json',
      `${JSON.stringify(
        {
          caseType: 'ask-a-question',
          account: ACCOUNT,
          module: 'Attendance',
          subject: `JSON case file ${enc}`,
          description: DESCRIPTION,
        },
        null,
        2,
      )}\n`,
      enc,
    );
    const j = await runCli(['case', 'submit', '--from-file', json], { env: session.env });
    expect(j.code).toBe(0);
    expect((await storedCase(j.stdout)).fields.subject).toBe(`JSON case file ${enc}`);
  });

  it('is read as an NDJSON and as a YAML batch, from a file and from standard input', async () => {
    const line = (subject: string) =>
      JSON.stringify({
        caseType: 'ask-a-question',
        account: ACCOUNT,
        module: 'Attendance',
        subject,
        description: DESCRIPTION,
      });
    const ndjson = write('batch.ndjson', `${line(`NDJSON batch ${enc} 1`)}\n${line(`NDJSON batch ${enc} 2`)}\n`, enc);
    const n = await runCli(['case', 'submit', '--batch', ndjson, '--json'], { env: session.env });
    expect(n.code).toBe(0);
    const filed = batchNumbers(n.stdout);
    expect(filed).toHaveLength(2);
    for (const number of filed) expect((await session.stored(number)).fields.description).toBe(DESCRIPTION);

    const yamlText = [
      `- caseType: ask-a-question`,
      `  account: ${ACCOUNT}`,
      `  module: Attendance`,
      `  subject: YAML batch ${enc}`,
      `  description: |-`,
      ...DESCRIPTION.split('\n').map((l) => (l ? `    ${l}` : '')),
      '',
    ].join('\n');
    const y = await runCli(['case', 'submit', '--batch', write('batch.yaml', yamlText, enc), '--json'], {
      env: session.env,
    });
    expect(y.code).toBe(0);
    expect((await session.stored(batchNumbers(y.stdout)[0]!)).fields.description).toBe(DESCRIPTION);

    const s = await runCli(['case', 'submit', '--batch', '-', '--json'], {
      env: session.env,
      input: windowsBytes(`${line(`stdin batch ${enc}`)}\n`, enc),
    });
    expect(s.code).toBe(0);
    expect((await session.stored(batchNumbers(s.stdout)[0]!)).fields.subject).toBe(`stdin batch ${enc}`);
  });

  it('is stored as the comment of --body-file, from a file and from standard input', async () => {
    const filed = await runCli([...submitFlags(`comments ${enc}`), '--description', 'A case to comment on.'], {
      env: session.env,
    });
    const number = filed.stdout.trim().split(/\s+/)[0]!;
    const file = write('comment.txt', `${DESCRIPTION}\n`, enc);
    const a = await runCli(['case', 'comment', number, '--body-file', file], { env: session.env });
    expect(a.code).toBe(0);
    const b = await runCli(['case', 'comment', number, '--body-file', '-'], {
      env: session.env,
      input: windowsBytes('From stdin.\nSecond line.\n', enc),
    });
    expect(b.code).toBe(0);
    const comments = (await session.api.call('GET', `/api/v1/cases/${number}/comments`, { token: session.token })).body
      .comments as Body[];
    expect(comments.map((c) => c.body as string).slice(-2)).toEqual([DESCRIPTION, 'From stdin.\nSecond line.']);
  });
});

describe('UTF-16 without a byte-order mark', () => {
  it('is refused naming the file and how to save it as UTF-8, and nothing is filed', async () => {
    const file = join(session.dir, 'no-bom.txt');
    writeFileSync(file, Buffer.from('Saved by a tool that wrote no BOM.\r\n', 'utf16le'));
    const r = await runCli([...submitFlags('no BOM'), '--description', `@${file}`], { env: session.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}: looks like UTF-16 text without a byte-order mark`);
    expect(r.stderr).toContain('Set-Content -Encoding utf8');
  });
});
