/**
 * Issue 26 §14: hints are runnable as printed. Run through a real `npx` (a project with
 * ic-support in its node_modules, as `npx ic-support` finds it), the suggested commands say
 * `npx ic-support` and keep the --profile and --sandbox given; a --sandbox run says it is the
 * practice portal before it starts and prints no address of the sandbox that stopped with it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, ROOT, runCli, spawnCli, tempDir, type CliResult } from '../helpers/cli.js';
import { PRACTICE_PORTAL_NOTE } from '../../src/cli/context.js';

const npxFound = spawnSync('npx', ['--version'], { encoding: 'utf8' }).status === 0;

let project: ReturnType<typeof tempDir>;
let env: Record<string, string>;

beforeAll(() => {
  project = tempDir();
  const p = project.path;
  writeFileSync(join(p, 'package.json'), '{"name":"district-scripts","private":true}\n');
  mkdirSync(join(p, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(ROOT, join(p, 'node_modules', 'ic-support'), 'dir');
  symlinkSync(join('..', 'ic-support', 'bin', 'ic-support.cjs'), join(p, 'node_modules', '.bin', 'ic-support'));
  env = { ...baseEnv(join(p, 'state')), npm_config_update_notifier: 'false' };
});
afterAll(() => project?.cleanup());

function npx(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'ic-support', ...args], { cwd: project.path, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe.skipIf(!npxFound)('through npx', () => {
  it('suggests npx ic-support, with the --profile given (not twice where the hint names it)', async () => {
    const r = await npx(['--profile', 'work', 'case', 'list']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('Set one with: npx ic-support config set portalUrl https://… --profile work (');
    expect(r.stderr).toContain('to rehearse without one: npx ic-support --profile work --sandbox <command>');
    expect(r.stderr).not.toMatch(/(^|[^x] )ic-support (config|--sandbox)/);
  });

  it('the same command run directly suggests plain ic-support', async () => {
    const r = await spawnCli(['--profile', 'work', 'case', 'list'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Set one with: ic-support config set portalUrl https://… --profile work (');
    expect(r.stderr).toContain('to rehearse without one: ic-support --profile work --sandbox <command>');
    expect(r.stderr).not.toContain('npx');
  });
});

describe('--sandbox', () => {
  it('says it is the practice portal before it starts, and keeps --sandbox in what it suggests', async () => {
    const r = await runCli(['--sandbox', 'case', 'show', '09999999'], { env });
    expect(r.code).toBe(5);
    expect(r.stderr.startsWith(`${PRACTICE_PORTAL_NOTE}\n`)).toBe(true);
    expect(r.stderr).not.toMatch(/(^|\s)ic-support (?!--sandbox)(case|auth|login)/m);
  });

  it('keeps --sandbox in the hint lines a listing prints on stdout', async () => {
    const r = await runCli(['--sandbox', 'notifications'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/: ic-support --sandbox notifications (--closed|show <id>)\n/);
    expect(r.stdout).not.toMatch(/: ic-support notifications/);
  });

  it('prints no address of the practice portal that stopped with the command', async () => {
    const show = await runCli(['--sandbox', 'case', 'show', '00001001'], { env });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('Teachers unable to post grades');
    expect(`${show.stdout}${show.stderr}`).not.toMatch(/https?:\/\/127\.0\.0\.1/);
    const web = await runCli(['--sandbox', 'case', 'show', '00001001', '--web'], { env });
    expect(web.code).toBe(2);
    expect(web.stderr).toContain('--web opens nothing with --sandbox');
    expect(`${web.stdout}${web.stderr}`).not.toMatch(/https?:\/\/127\.0\.0\.1/);
    const filed = await runCli(
      [
        '--sandbox',
        'case',
        'submit',
        'ask-a-question',
        '--module',
        'Scheduling',
        '--subject',
        'Snow day setup for the district calendar',
        '--description',
        'How do our counselors at Bayside School set up a snow day in the calendar tool?',
      ],
      { env },
    );
    expect(filed.code, filed.stderr).toBe(0);
    expect(`${filed.stdout}${filed.stderr}`).not.toMatch(/https?:\/\/127\.0\.0\.1/);
    expect(filed.stderr).toContain('See the case again with: ic-support --sandbox case show');
  });

  it("shows the practice portal's own catalog, not the bundled one labeled offline, and names no address of it", async () => {
    for (const args of [
      ['case', 'types'],
      ['case', 'fields', 'data-restore'],
    ]) {
      const r = await runCli(['--sandbox', ...args], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/from the catalog of the practice portal \(version [^)]*sandbox[^)]*\)/);
      expect(r.stdout).not.toContain('offline default');
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/https?:\/\/127\.0\.0\.1/);
    }
  });
});
