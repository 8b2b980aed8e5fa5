// Hints name the command of the user's platform (issue 28 §2): PowerShell's on Windows, a POSIX
// shell's elsewhere, every one built by src/text/shell-commands.ts. The CLI runs in this process
// with process.platform set to win32 (what Node reports there), so the code that writes each hint
// is the code that runs; the Windows tier (scripts/ci/windows-tier.mjs) shows two of them again
// from Windows Node under Wine.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { useSandboxSession } from '../helpers/sandbox.js';
import {
  andThen,
  makePrivate,
  moveFile,
  removeFile,
  removeFolder,
  setVariable,
  unsetVariable,
} from '../../src/text/shell-commands.js';

const real = process.platform;
const pretend = (platform: NodeJS.Platform): void => {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
};
afterEach(() => pretend(real));

describe('the commands hints name', () => {
  it('are PowerShell on Windows, quoted so that a $ or a quote in a path stays itself', () => {
    const p = "C:\\Users\\O'Brien\\AppData\\Roaming\\ic-support\\Config\\config.json";
    expect(removeFile(p, 'win32')).toBe(
      `Remove-Item -LiteralPath 'C:\\Users\\O''Brien\\AppData\\Roaming\\ic-support\\Config\\config.json'`,
    );
    expect(removeFolder('C:\\x $y', 'win32')).toBe("Remove-Item -Recurse -LiteralPath 'C:\\x $y'");
    expect(moveFile('C:\\a', 'C:\\a.broken', 'win32')).toBe(
      "Move-Item -LiteralPath 'C:\\a' -Destination 'C:\\a.broken'",
    );
    expect(makePrivate('C:\\a', 'file', 'win32')).toBe('icacls \'C:\\a\' /inheritance:r /grant:r "${env:USERNAME}:F"');
    expect(makePrivate('C:\\d', 'folder', 'win32')).toBe(
      'icacls \'C:\\d\' /inheritance:r /grant:r "${env:USERNAME}:(OI)(CI)F"',
    );
    expect(setVariable('IC_SUPPORT_PORTAL_URL', 'http://127.0.0.1:1', 'win32')).toBe(
      "$env:IC_SUPPORT_PORTAL_URL = 'http://127.0.0.1:1'",
    );
    expect(unsetVariable('IC_SUPPORT_TOKEN', 'win32')).toBe('Remove-Item Env:IC_SUPPORT_TOKEN');
    // Windows PowerShell 5.1 has no &&.
    expect(andThen('a', 'b', 'win32')).toBe('a; b');
  });

  it('are POSIX elsewhere (Linux and macOS alike)', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      expect(removeFile('/a b', platform)).toBe('rm "/a b"');
      expect(removeFolder('/d', platform)).toBe('rm -r "/d"');
      expect(moveFile('/a', '/a.broken', platform)).toBe('mv "/a" "/a.broken"');
      expect(makePrivate('/a', 'file', platform)).toBe('chmod 600 "/a"');
      expect(makePrivate('/d', 'folder', platform)).toBe('chmod 700 "/d"');
      expect(setVariable('X', 'http://h', platform)).toBe('export X=http://h');
      expect(unsetVariable('X', platform)).toBe('unset X');
      expect(andThen('a', 'b', platform)).toBe('a && b');
    }
  });
});

describe('the CLI on Windows (process.platform win32)', () => {
  const s = useSandboxSession();

  it('a broken config.json: moved aside with Move-Item, not mv', async () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir.path, 'config.json'), '{ not json');
      const file = join(dir.path, 'config.json');
      pretend('win32');
      const r = await runCli(['config', 'list'], { env: baseEnv(dir.path) });
      pretend(real);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`Move-Item -LiteralPath '${file}' -Destination '${file}.broken'`);
      expect(r.stderr).not.toMatch(/\bmv "/);
    } finally {
      dir.cleanup();
    }
  });

  it('a refused IC_SUPPORT_TOKEN: Remove-Item Env:IC_SUPPORT_TOKEN, not unset', async () => {
    pretend('win32');
    const r = await runCli(['case', 'list'], { env: { ...s.env, IC_SUPPORT_TOKEN: 'not-a-real-token-123456' } });
    pretend(real);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('(Remove-Item Env:IC_SUPPORT_TOKEN)');
    expect(r.stderr).not.toContain('unset IC_SUPPORT_TOKEN');
  });

  it("the embedded sandbox's damaged data: Remove-Item -Recurse, not rm -r", async () => {
    const dir = tempDir();
    try {
      // --sandbox keeps its data in <state>/sandbox (IC_SUPPORT_CONFIG_DIR holds all of the state).
      const data = join(dir.path, 'sandbox');
      mkdirSync(data, { recursive: true, mode: 0o700 });
      writeFileSync(join(data, 'sandbox.db'), 'this is not a SQLite database, it is damaged on purpose');
      pretend('win32');
      const r = await runCli(['--sandbox', 'case', 'list'], { env: baseEnv(dir.path) });
      pretend(real);
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toContain(`Remove-Item -Recurse -LiteralPath '${data}'`);
      expect(r.stderr).not.toContain('rm -r');
    } finally {
      dir.cleanup();
    }
  });
});
