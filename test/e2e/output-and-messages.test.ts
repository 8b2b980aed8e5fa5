/**
 * Issue 15, items 8, 10, 11, 13-16, end to end against the sandbox: narrow terminals, the
 * `output: json` setting, gh-style --json/--jq and friends, messages that blame the right party,
 * one time-zone rule, and the --sandbox practice portal beside a running `ic-support sandbox`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { spawnCli } from '../helpers/pty.js';
import { startSandboxProcess, useSandboxSession } from '../helpers/sandbox.js';

const s = useSandboxSession();
const cli = (args: string[], extra: Record<string, string> = {}, input?: string) =>
  runCli(args, { env: { ...s.env, TZ: 'America/Chicago', ...extra }, ...(input !== undefined ? { input } : {}) });

describe('narrow terminals (item 8)', () => {
  it('at 60 columns no line of case list or case show is wider than 60, and no word is split', async () => {
    const list = spawnCli(['case', 'list', '--status', 'all'], { ...s.env, TZ: 'America/Chicago' }, { cols: 60 });
    expect((await list.exited()).code).toBe(0);
    // The closed example of 2021: it has a resolution to wrap.
    const show = spawnCli(['case', 'show', '1000'], { ...s.env, TZ: 'America/Chicago' }, { cols: 60 });
    expect((await show.exited()).code).toBe(0);
    for (const screen of [list.screen(), show.screen()]) {
      const lines = screen.split(/\r?\n/);
      expect(lines.length).toBeGreaterThan(3);
      for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(60);
    }
    // Every word of the resolution is whole on some line of the wrapped text.
    const stored = (await s.stored('00001000')) as { resolution: string };
    const words = new Set(show.screen().split(/\s+/));
    for (const w of stored.resolution.split(/\s+/).filter(Boolean)) expect(words.has(w), w).toBe(true);
    // The table cut the subjects with an ellipsis rather than wrapping them.
    expect(list.screen()).toContain('…');
  });
});

describe('output: json in the profile (item 10)', () => {
  it('turns --json on for every command that has it, and only those', async () => {
    const dir = tempDir();
    try {
      const env = { ...s.env, IC_SUPPORT_CONFIG_DIR: dir.path };
      expect((await runCli(['config', 'set', 'output', 'json'], { env })).code).toBe(0);
      for (const args of [['case', 'list'], ['accounts'], ['whoami'], ['case', 'show', '1001'], ['case', 'types']]) {
        const r = await runCli(args, { env });
        expect(r.code, r.stderr).toBe(0);
        expect(() => JSON.parse(r.stdout), args.join(' ')).not.toThrow();
      }
      // A command without --json is unchanged.
      const t = await runCli(['case', 'template', 'ask-a-question'], { env });
      expect(t.stdout).toMatch(/^#/);
    } finally {
      dir.cleanup();
    }
  });
});

describe('gh-style options (item 11)', () => {
  it('--json with a field list keeps those fields, in that order; an unknown field is named with the fields', async () => {
    const r = await cli(['case', 'list', '--json', 'number,subject,status', '-s', 'all', '-L', '2']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(Object.keys(row)).toEqual(['number', 'subject', 'status']);
    const bad = await cli(['case', 'list', '--json', 'number,subjct']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--json: no field "subjct" (did you mean "subject"?)');
  });

  it('--jq filters with jq, and a bad expression is a usage error', async () => {
    const r = await cli(['case', 'list', '-s', 'all', '--jq', '.[] | select(.number == "00001001") | .subject']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Teachers unable to post grades\n');
    const v = await cli(['case', 'view', '1000', '--jq', '.status']);
    expect(v.stdout).toBe('Closed\n');
    const bad = await cli(['case', 'list', '--jq', '.[] |']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --jq: .*syntax error/m);
  });

  it('view is show; --web on list prints the page where no browser can open; -w on show', async () => {
    const a = await cli(['case', 'view', '1001']);
    const b = await cli(['case', 'show', '1001']);
    expect(a.stdout).toBe(b.stdout);
    const web = await cli(['case', 'list', '--web']);
    expect(web.code, web.stderr).toBe(0);
    expect(web.stdout).toBe(`${s.sb.url}/customers/cases\n`);
    const w = await cli(['case', 'show', '1001', '-w']);
    expect(w.stdout).toBe(`${s.sb.url}/customers/cases/00001001\n`);
  });

  it('completes case numbers from the last listing and notification ids from the last notifications', async () => {
    const dir = tempDir();
    try {
      const env = { ...s.env, IC_SUPPORT_CONFIG_DIR: dir.path };
      expect((await runCli(['__complete', 'case', 'show', ''], { env })).stdout).toBe('');
      expect((await runCli(['case', 'list', '-s', 'all'], { env })).code).toBe(0);
      const c = await runCli(['__complete', 'case', 'show', '0000100'], { env });
      expect(c.stdout.split('\n').filter(Boolean).sort()).toEqual(['00001000', '00001001', '00001002', '00001003']);
      expect((await runCli(['notifications'], { env })).code).toBe(0);
      const n = await runCli(['__complete', 'notifications', 'show', ''], { env });
      expect(n.stdout).toMatch(/^ntf_/m);
    } finally {
      dir.cleanup();
    }
  });

  it('accounts and contacts list what --account and the Contact field accept', async () => {
    const a = await cli(['accounts']);
    expect(a.stdout).toBe('dst_bayside\tBayside School (TESTING)\ndst_valley\tValley High School (TESTING)\n');
    const c = await cli(['contacts', '--account', 'Valley High School (TESTING)', '--json', 'name,role']);
    expect(JSON.parse(c.stdout)).toEqual(
      expect.arrayContaining([{ name: 'Tori Scott (TESTING)', role: 'Authorized' }]),
    );
  });
});

describe('messages that blame the right party (item 13)', () => {
  it('an unknown --account is the user’s mistake, with theirs listed (a part of one name, "Baysid", is taken: submit-account.test.ts)', async () => {
    for (const args of [
      ['case', 'list', '--account', 'Bayside Scool (TESTING)'],
      ['contacts', '--account', 'Bayside Scool (TESTING)'],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        '--account "Bayside Scool (TESTING)" is not one of your districts; did you mean "Bayside School (TESTING)"?',
      );
      expect(r.stderr).toContain('ic-support accounts');
      expect(r.stderr).not.toMatch(/bug in ic-support/);
    }
  });

  it('a refused IC_SUPPORT_TOKEN says to fix or unset the variable', async () => {
    const r = await cli(['case', 'list'], { IC_SUPPORT_TOKEN: 'not-a-real-token-123456' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('IC_SUPPORT_TOKEN');
    expect(r.stderr).toMatch(/unset IC_SUPPORT_TOKEN/);
    expect(r.stderr).not.toMatch(/Sign in with: ic-support login\n/);
  });

  it('login --password points to --password-stdin; choices and config keys get "did you mean"', async () => {
    const p = await cli(['login', '--password', 'hunter2hunter2']);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('--password-stdin');
    expect(p.stderr).not.toContain('hunter2');
    const choice = await cli([
      'case',
      'submit',
      'ask-a-question',
      '--subject',
      'Where is the report',
      '--description',
      'Where?',
      '--module',
      'Attendence',
      '--dry-run',
    ]);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain('did you mean "Attendance"?');
    const key = await cli(['config', 'set', 'outptu', 'json']);
    expect(key.code).toBe(2);
    expect(key.stderr).toContain('Did you mean output?');
  });

  it('a YAML error quotes the line it means', async () => {
    const r = await cli(['case', 'validate', '-'], {}, 'caseType: ask-a-question\nsubject: [oops\nmodule: Reports\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid YAML (line 3, column 1)');
    expect(r.stderr).toContain('\nline 3: module: Reports\n        ^\n');
  });

  it('case show does not say "Closed (closed)"', async () => {
    const r = await cli(['case', 'show', '1000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nStatus +Closed\n/);
    expect(r.stdout).not.toContain('Closed (closed)');
  });
});

describe('one time-zone rule (item 14)', () => {
  it('whoami shows the expiry in the zone case show uses, never a raw ISO string', async () => {
    const r = await cli(['whoami'], { TZ: 'America/Chicago' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/expires: +\d\d\/\d\d\/\d{4} - \d\d:\d\d [AP]M C[SD]T \(in /);
    expect(r.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });
});

describe('--sandbox beside a running ic-support sandbox (items 15, 16)', () => {
  it('leaves the running sandbox’s sandbox.json alone and marks the practice portal’s address', async () => {
    const state = tempDir();
    const dataDir = join(state.path, 'sandbox');
    const running = await startSandboxProcess({ dataDir });
    try {
      const runFile = join(dataDir, 'sandbox.json');
      const before = readFileSync(runFile, 'utf8');
      const env = { ...baseEnv(state.path), TZ: 'America/Chicago' };
      const r = await runCli(
        [
          '--sandbox',
          'case',
          'submit',
          'ask-a-question',
          '--subject',
          'Where is the attendance report',
          '--description',
          'Which menu holds it?',
          '--module',
          'Attendance',
          '--account',
          'Bayside School (TESTING)',
        ],
        { env, timeoutMs: 60_000 },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^\d{8}\n$/);
      expect(r.stderr).toMatch(/practice portal \(--sandbox\)/);
      // Issue 26 §14: no address of the practice portal, which stopped with the command.
      expect(r.stderr).toContain('Practice portal only: it stopped with this command, and its pages with it.');
      expect(r.stderr).not.toMatch(/https?:\/\/127\.0\.0\.1/);
      expect(existsSync(runFile)).toBe(true);
      expect(readFileSync(runFile, 'utf8')).toBe(before);
      // The admin commands still find the running sandbox through its sandbox.json.
      const status = await runCli(['sandbox', 'faults', 'show', '--data-dir', dataDir], { env });
      expect(status.code, status.stderr).toBe(0);
    } finally {
      await running.stop();
      state.cleanup();
    }
  });
});
