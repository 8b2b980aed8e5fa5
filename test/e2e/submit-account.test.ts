/**
 * An account that is none of the user's districts is the user's mistake (issue 15 item 13): case
 * submit says so from GET /me's districts — naming where the account was given and listing the
 * districts there are — with exit 2, before anything is sent (the portal's 422 is not needed).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { useSandboxSession } from '../helpers/sandbox.js';

const s = useSandboxSession();
const SUBJECT = 'Scheduled export never arrives';
const FIELDS = [
  '--module',
  'Reports',
  '--subject',
  SUBJECT,
  '--description',
  'The scheduled attendance export has not arrived by email since Monday at the district office.',
];

async function filedWithSubject(): Promise<number> {
  const r = await s.api.call('GET', `/sandbox/v1/cases/count?subject=${encodeURIComponent(SUBJECT)}`, { admin: true });
  return (r.body as { count: number }).count;
}

function refused(r: CliResult, start: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(
    `${start} "Bayside Scool (TESTING)" is not one of your districts; did you mean "Bayside School (TESTING)"?`,
  );
  expect(r.stderr).toContain('"Bayside School (TESTING)" (dst_bayside)');
  expect(r.stderr).toContain('ic-support accounts');
  expect(r.stderr).not.toMatch(/bug in ic-support|\/api\/v1/);
}

describe('case submit with an account that is none of yours', () => {
  it('--account: told locally, nothing sent (also with --dry-run)', async () => {
    refused(
      await runCli(['case', 'submit', 'server-issue', '--account', 'Bayside Scool (TESTING)', ...FIELDS], {
        env: s.env,
      }),
      '--account',
    );
    refused(
      await runCli(['case', 'submit', 'server-issue', '--account', 'Bayside Scool (TESTING)', ...FIELDS, '--dry-run'], {
        env: s.env,
      }),
      '--account',
    );
    expect(await filedWithSubject()).toBe(0);
  });

  it('from a case file and from the profile setting: the message names where it was given', async () => {
    const file = join(s.dir, 'export.yaml');
    writeFileSync(
      file,
      `caseType: server-issue\naccount: Bayside Scool (TESTING)\nmodule: Reports\nsubject: ${SUBJECT}\ndescription: The scheduled attendance export has not arrived by email since Monday at the district office.\n`,
    );
    refused(await runCli(['case', 'submit', '--from-file', file], { env: s.env }), `account in ${file}:`);
    const env = { ...s.env, IC_SUPPORT_CONFIG_DIR: join(s.dir, 'profile-account') };
    // Set while no portal could check it (config set checks it when one can: below).
    const offline = { ...env, IC_SUPPORT_PORTAL_URL: undefined, IC_SUPPORT_TOKEN: undefined };
    const set = await runCli(['config', 'set', 'account', 'Bayside Scool (TESTING)'], { env: offline });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain('note: account "Bayside Scool (TESTING)" is not checked against your districts');
    refused(
      await runCli(['case', 'submit', 'server-issue', ...FIELDS], { env }),
      "The profile's account setting (ic-support config set account)",
    );
    expect(await filedWithSubject()).toBe(0);
    // A district of yours goes through.
    const ok = await runCli(['case', 'submit', 'server-issue', '--account', 'dst_bayside', ...FIELDS], { env: s.env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(await filedWithSubject()).toBe(1);
  });
});

describe('an account named by a part of its name (issue 26 §16, §20)', () => {
  it('--account Valley takes the one district it matches and files for it by its full name', async () => {
    const subject = 'Valley export never arrives';
    const r = await runCli(
      [
        'case',
        'submit',
        'server-issue',
        '--account',
        'valley',
        ...FIELDS.slice(0, 2),
        '--subject',
        subject,
        ...FIELDS.slice(4),
        '--json',
      ],
      { env: s.env },
    );
    expect(r.code, r.stderr).toBe(0);
    const filed = JSON.parse(r.stdout) as { number: string };
    const stored = await s.stored(filed.number);
    expect((stored.account as { name: string }).name).toBe('Valley High School (TESTING)');
    expect((stored.fields as { account: string }).account).toBe('Valley High School (TESTING)');
    const list = await runCli(['case', 'list', '--account', 'Valley', '--json', 'number,account'], { env: s.env });
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as { account: { name: string } }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((x) => x.account.name))).toEqual(new Set(['Valley High School (TESTING)']));
  });

  it('a part several districts share asks for more of the name, naming them', async () => {
    const r = await runCli(['case', 'list', '--account', 'school'], { env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--account "school" matches 2 of your districts: "Bayside School (TESTING)" and "Valley High School (TESTING)".',
    );
    expect(r.stderr).toContain('Give more of the name, or its id');
  });

  it('config set account checks the value as --account does, and keeps the full name', async () => {
    const env = { ...s.env, IC_SUPPORT_CONFIG_DIR: join(s.dir, 'set-account') };
    const bad = await runCli(['config', 'set', 'account', 'Bayside Scool (TESTING)'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'account "Bayside Scool (TESTING)" is not one of your districts; did you mean "Bayside School (TESTING)"?',
    );
    expect((await runCli(['config', 'get', 'account'], { env })).code).toBe(5);
    const ok = await runCli(['config', 'set', 'account', 'valley'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect((await runCli(['config', 'get', 'account'], { env })).stdout).toBe('Valley High School (TESTING)\n');
  });
});
