// `--web` with a hostile portal (issue 17 item 8): a case URL chosen by the server (file:, smb:,
// javascript:, another host, a value starting with "-") is never handed to the opener; it is
// printed inert with the reason, exit 14 (the portal's answer is wrong). A fake xdg-open on PATH
// records its argv, one argument a line, so the test sees exactly what would have been run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { startHostilePortal, type HostilePortal } from '../helpers/hostile-portal.js';

let dir: { path: string; cleanup: () => void };
let bin: string;
let argvFile: string;
beforeAll(() => {
  dir = tempDir('ic-open-url-');
  bin = join(dir.path, 'bin');
  mkdirSync(bin);
  argvFile = join(dir.path, 'argv.txt');
  writeFileSync(
    join(bin, 'xdg-open'),
    `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> '${argvFile}'\nprintf 'end\\n' >> '${argvFile}'\n`,
  );
  chmodSync(join(bin, 'xdg-open'), 0o755);
});
afterAll(() => dir?.cleanup());

async function showWeb(
  caseUrl: (portal: string) => string,
): Promise<{ code: number; stdout: string; stderr: string; url: string; portal: string }> {
  let url = '';
  const portal: HostilePortal = await startHostilePortal('case-url', {
    get caseUrl() {
      return url;
    },
  });
  try {
    url = caseUrl(portal.url);
    const env = {
      ...baseEnv(join(dir.path, 'state')),
      IC_SUPPORT_PORTAL_URL: portal.url,
      IC_SUPPORT_TOKEN: 'tok-open-url-test',
      DISPLAY: ':0',
      PATH: `${bin}:${process.env.PATH}`,
    };
    const r = await runCli(['case', 'show', '1001', '--web'], { env });
    return { ...r, url, portal: portal.url };
  } finally {
    await portal.close();
  }
}

describe('case show --web with a hostile case URL', () => {
  const hostile: [string, (p: string) => string, string][] = [
    [
      'a local file',
      () => 'file:///etc/passwd',
      'it is a file: URL, and only https is opened (http only on this machine)',
    ],
    [
      'a network share',
      () => 'smb://127.0.0.1/share',
      'it is a smb: URL, and only https is opened (http only on this machine)',
    ],
    [
      'script',
      () => 'javascript:alert(document.cookie)',
      'it is a javascript: URL, and only https is opened (http only on this machine)',
    ],
    ['an option of the opener', () => '-x', 'it is not an absolute URL'],
    ['another option', () => '--help', 'it is not an absolute URL'],
    ['another host', () => 'https://evil.example/case/1', "it is on evil.example, not on the portal's host 127.0.0.1"],
    ['control characters', (p) => `${p}/case/1\u001b]0;pwned\u0007`, 'it contains spaces or control characters'],
  ];
  for (const [what, url, why] of hostile) {
    it(`${what}: printed inert with the reason, never opened (exit 14)`, async () => {
      const r = await showWeb(url);
      expect(r.code, r.stderr).toBe(14);
      expect(r.stderr).toContain(`error: The portal's URL for case 00001001 was not opened in your browser: ${why}.\n`);
      expect(r.stdout).not.toContain('\u001b');
      expect(r.stdout).not.toContain('\u0007');
      expect(r.stdout).toBe(`${r.url.replaceAll('\u001b', '^[').replaceAll('\u0007', '^G')}\n`);
      expect(r.stderr).not.toContain('Opened');
    });
  }

  it("the portal's own page is opened: the opener gets exactly that URL as its one argument, and no hostile URL ever reached it", async () => {
    const r = await showWeb((p) => `${p}/customers/cases/00001001`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`Opened case 00001001 in your browser: ${r.url}\n`);
    for (let i = 0; i < 100 && !(existsSync(argvFile) && readFileSync(argvFile, 'utf8').endsWith('end\n')); i++)
      await new Promise((res) => setTimeout(res, 50));
    // Every earlier run of this file was refused: the one call recorded is this one.
    expect(readFileSync(argvFile, 'utf8')).toBe(`${r.url}\nend\n`);
    rmSync(argvFile);
  });
});
