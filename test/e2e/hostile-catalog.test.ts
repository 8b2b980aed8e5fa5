/**
 * Portal text is made safe once, where it enters (issue 25 §1, attack 4): a portal whose catalog,
 * picklists, /me, contacts and error messages carry terminal escapes and bidi overrides in every
 * string, against every text output that shows them — case types|fields|template, every --help,
 * completion, accounts, contacts, outbox send's "still queued" line: no ESC, BEL, C1, DEL or
 * U+202E/U+2067 reaches the output; --json keeps the exact data.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { spawnCli as spawnPty } from '../helpers/pty.js';
import { EVIL_TEXT, FORBIDDEN_TEXT, startHostilePortal, type HostilePortal } from '../helpers/hostile-portal.js';
import { catalog as bundled } from '../../src/domain/catalog/index.js';

const TOKEN = 'hostile-catalog-token-5d1e7a9b3c';
let dir: { path: string; cleanup: () => void };
let portal: HostilePortal | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  dir = tempDir('ic-support-hostile-catalog-');
  portal = await startHostilePortal('hostile-catalog');
  env = {
    ...baseEnv(join(dir.path, 'state')),
    IC_SUPPORT_PORTAL_URL: portal.url,
    IC_SUPPORT_TOKEN: TOKEN,
    IC_SUPPORT_HTTP_RETRIES: '0',
  };
  const r = await runCli(['catalog', 'refresh'], { env });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  await portal?.close();
  dir.cleanup();
});
afterEach(() => undefined);

/** No byte of the portal's control sequences and no bidi override. */
function expectSafe(text: string, where: string): void {
  for (const b of FORBIDDEN_TEXT)
    expect(text.includes(b), `${where} holds ${JSON.stringify(b)}:\n${JSON.stringify(text.slice(0, 3000))}`).toBe(
      false,
    );
}

const ids = bundled.types.map((t) => t.id);

describe('a catalog whose every string carries escapes and bidi overrides', () => {
  const commands: [string, string[]][] = [
    ['case types', ['case', 'types']],
    ...ids.map((id): [string, string[]] => [`case fields ${id}`, ['case', 'fields', id]]),
    ...ids.map((id): [string, string[]] => [`case template ${id}`, ['case', 'template', id]]),
    ...ids.map((id): [string, string[]] => [`case submit ${id} --help`, ['case', 'submit', id, '--help']]),
    ['help case submit application-issue', ['help', 'case', 'submit', 'application-issue']],
    ['case submit --help', ['case', 'submit', '--help']],
    ['case --help', ['case', '--help']],
    ['--help', ['--help']],
    ['completion of a choice', ['__complete', 'case', 'submit', 'application-issue', '--priority', '']],
    ['completion of a picklist', ['__complete', 'case', 'submit', 'application-issue', '--module', '']],
    ['completion of a type', ['__complete', 'case', 'fields', '']],
    ['accounts', ['accounts']],
    ['contacts', ['contacts', '--account', 'd1']],
    ['case validate', ['case', 'validate', '-']],
  ];
  it.each(commands)('%s: shown visibly, never obeyed', async (_name, args) => {
    const r = await runCli(args, { env, input: 'caseType: application-issue\nsubject: x\n' });
    expectSafe(r.stdout, 'stdout');
    expectSafe(r.stderr, 'stderr');
  });

  it('the text was there, and is shown as text a person can see', async () => {
    const r = await runCli(['case', 'types'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('^[]52;c;ZXZpbA==^G');
    expect(r.stdout).toContain('<U+202E>EVIL<U+2067>');
    const d = await runCli(['accounts'], { env });
    expect(d.stdout).toContain('Bayside A^[]52;c;');
  });

  it('--json keeps the exact data', async () => {
    const r = await runCli(['case', 'types', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    // Exact: the same text once parsed; safe: the escapes are JSON's \u escapes.
    expectSafe(r.stdout, 'case types --json');
    const types = JSON.parse(r.stdout) as { label: string }[];
    expect(types[0]!.label).toBe(`${bundled.types[0]!.label} ${EVIL_TEXT}`);
    const a = await runCli(['accounts', '--json'], { env });
    expectSafe(a.stdout, 'accounts --json');
    expect(JSON.stringify(JSON.parse(a.stdout))).toContain(JSON.stringify(`Bayside ${EVIL_TEXT}`).slice(1, -1));
  });

  it("outbox send's still-queued line shows the portal's error safely", async () => {
    const submit = await runCli(
      [
        'case',
        'submit',
        'server-issue',
        '--account',
        'd1',
        '--module',
        'Attendance',
        '--subject',
        'Nightly export fails',
        '--description',
        'The nightly export fails at the district office since Monday; nothing changed on our side.',
      ],
      { env },
    );
    expect(submit.code, submit.stderr).toBe(9);
    expectSafe(submit.stderr, 'submit stderr');
    const send = await runCli(['outbox', 'send'], { env });
    expectSafe(send.stdout, 'outbox send stdout');
    expectSafe(send.stderr, 'outbox send stderr');
    expect(`${send.stdout}${send.stderr}`).toContain('Down A^[]52;c;');
  });

  // The form, in a real pseudo-terminal: the terminal sees the CLI's own sequences (color, the
  // cursor), never the portal's.
  it('the form at a terminal: questions, help and choices shown visibly', async () => {
    const s = spawnPty(['case', 'submit', 'application-issue', '--account', 'd1'], env);
    try {
      await s.expect('? Is this case about one of them?');
      s.send('\r');
      await s.expect('? Type');
      await s.expect('Campus Learning');
      await new Promise((r) => setTimeout(r, 300));
      const raw = s.raw();
      for (const bad of [
        '\u001b]52;c;',
        '\u001b]8;;https://evil',
        '\u001b]0;pwned',
        '\u0007',
        '\u009b',
        '\u202e',
        '\u2067',
      ])
        expect(raw.includes(bad), `the terminal got ${JSON.stringify(bad)}:\n${JSON.stringify(raw.slice(-3000))}`).toBe(
          false,
        );
      expect(s.screen()).toContain('^[]52;c;ZXZpbA==^G');
    } finally {
      s.kill();
    }
  });
});
