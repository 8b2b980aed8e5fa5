/**
 * A hostile catalog is refused cleanly or its odd parts ignored, never an internal error (issue 25
 * §6, attacks 7-8): field keys of Object.prototype are plain fields; keys of global flags are
 * offered only as --field key=value (parsing gives the flags to the globals, and help says so);
 * a key a case file reserves (`attachments`, `caseType`) is left out; a rule without the params
 * its check reads is skipped (the portal enforces it); a catalog that breaks the contract exits 14
 * naming what is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { startHostilePortal, type HostilePortal } from '../helpers/hostile-portal.js';

let dir: { path: string; cleanup: () => void };
let odd: HostilePortal;
let broken: HostilePortal;
const envFor = (p: HostilePortal, name: string): Record<string, string> => ({
  ...baseEnv(join(dir.path, name)),
  IC_SUPPORT_PORTAL_URL: p.url,
  IC_SUPPORT_TOKEN: 'odd-catalog-token-1234',
  IC_SUPPORT_HTTP_RETRIES: '0',
});

beforeAll(async () => {
  dir = tempDir('ic-support-odd-');
  odd = await startHostilePortal('odd-catalog');
  broken = await startHostilePortal('broken-catalog');
});
afterAll(async () => {
  await odd.close();
  await broken.close();
  dir.cleanup();
});

const QUESTION = [
  '--account',
  'd1',
  '--module',
  'Attendance',
  '--priority',
  'Low',
  '--subject',
  'Snow day setup for every school',
  '--description',
  'How do we set up a snow day for all schools of the district at once, teachers and students?',
];

describe('a catalog with odd parts', () => {
  it('files a case: prototype keys are plain fields, a rule without its params is skipped', async () => {
    const env = envFor(odd, 'files');
    const r = await runCli(['case', 'submit', 'ask-a-question', ...QUESTION, '--dry-run'], { env });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code, r.stderr).toBe(0);
    const body = (JSON.parse(r.stdout) as { body: { fields: Record<string, unknown> } }).body;
    expect(Object.keys(body.fields)).not.toContain('constructor');
    const given = await runCli(
      [
        'case',
        'submit',
        'ask-a-question',
        ...QUESTION,
        '--dry-run',
        '--field',
        'constructor=a value',
        '--field',
        'toString=another',
        '--field',
        'profile=third',
        '--field',
        'dryRun=fourth',
      ],
      { env },
    );
    expect(given.code, given.stderr).toBe(0);
    expect((JSON.parse(given.stdout) as { body: { fields: Record<string, unknown> } }).body.fields).toMatchObject({
      constructor: 'a value',
      toString: 'another',
      profile: 'third',
      dryRun: 'fourth',
    });
  });

  it('help offers a field named after a global flag only as --field key=value, and says so', async () => {
    const env = envFor(odd, 'help');
    expect((await runCli(['catalog', 'refresh'], { env })).code).toBe(0);
    const r = await runCli(['case', 'submit', 'ask-a-question', '--help'], { env });
    expect(r.code, r.stderr).toBe(0);
    const fields = r.stdout.slice(r.stdout.indexOf('Fields of'));
    for (const key of ['profile', 'sandbox', 'dryRun', 'verbose']) {
      expect(fields).toContain(`--field <${key}=value>`);
    }
    expect(fields).not.toMatch(/^\s+--profile <value>/m);
    expect(fields).not.toMatch(/^\s+--dry-run <value>/m);
    expect(fields).toMatch(/only as --field:\s+--profile is\s+another flag/);
    // A key a case file reserves is not offered at all.
    expect(r.stdout).not.toContain('Odd attachments');
    expect(r.stdout).not.toContain('Odd caseType');
    // Prototype keys are fields like any other.
    expect(fields).toContain('--constructor <value>');
  });
});

describe('a catalog that breaks the contract', () => {
  it('exits 14 naming what is wrong (types: 5); offline commands keep the bundled catalog', async () => {
    const env = envFor(broken, 'broken');
    const r = await runCli(['catalog', 'refresh'], { env });
    expect(r.code).toBe(14);
    expect(r.stderr).toContain('types: Invalid input: expected array');
    expect(r.stderr).not.toContain('internal error');
    expect((await runCli(['case', 'fields', 'ask-a-question'], { env })).code).toBe(0);
  });
});
