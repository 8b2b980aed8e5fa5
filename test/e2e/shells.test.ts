// Completion in the real shells (issue 28 §4): bash, zsh (the first TAB of a script installed in
// $fpath completes; files where an argument is a file) and fish (files for file arguments) each run
// the script `ic-support completion <shell>` prints, which calls the built CLI. .ci/run installs zsh
// and fish; where one is missing here its tests are skipped with the reason printed. PowerShell is not
// packaged by Debian: its script is checked by running the completer's side of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import { BIN, baseEnv, runCli, tempDir } from '../helpers/cli.js';

const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const HAS_ZSH = has('zsh');
const HAS_FISH = has('fish');
for (const [shell, present] of [
  ['zsh', HAS_ZSH],
  ['fish', HAS_FISH],
] as const)
  if (!present)
    console.warn(`shells.test.ts: ${shell} is not installed, its completion tests are skipped (.ci/run installs it)`);

let dir: { path: string; cleanup: () => void };
let env: Record<string, string>;
let work: string;
beforeAll(async () => {
  dir = tempDir();
  env = baseEnv(dir.path);
  // `ic-support` on PATH as an installed user has it; a folder to complete file names in.
  const binDir = join(dir.path, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'ic-support'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(binDir, 'ic-support'), 0o755);
  env.PATH = `${binDir}:${env.PATH ?? ''}`;
  work = join(dir.path, 'work');
  mkdirSync(work);
  for (const f of ['outage.yaml', 'notes for the portal.txt']) writeFileSync(join(work, f), 'x');
});
afterAll(() => dir.cleanup());

const script = async (shell: string): Promise<string> => {
  const r = await runCli(['completion', shell], { env });
  expect(r.code).toBe(0);
  return r.stdout;
};

describe('bash', () => {
  async function complete(line: string): Promise<string[]> {
    const words = line.split(' ');
    const driver = `${await script('bash')}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_ic_support_complete
printf '%s\\n' "\${COMPREPLY[@]}"
`;
    return execFileSync('bash', ['-c', driver], { env, cwd: work, encoding: 'utf8' }).split('\n').filter(Boolean);
  }

  it('offers files where an argument or a flag value is a file, and only there', async () => {
    expect(await complete('ic-support case validate out')).toEqual(['outage.yaml']);
    expect(await complete('ic-support case comment 1002 --body-file no')).toEqual(['notes for the portal.txt']);
    expect(await complete('ic-support case attach 1002 outage.yaml no')).toEqual(['notes for the portal.txt']);
    expect(await complete('ic-support case show no')).toEqual([]);
    expect(await complete('ic-support case fields data')).toEqual(['data-restore']);
  });
});

describe.skipIf(!HAS_FISH)('fish', () => {
  function complete(fishScript: string, line: string): string[] {
    const out = execFileSync('fish', ['--no-config', '-c', `${fishScript}\ncomplete -C ${JSON.stringify(line)}`], {
      env,
      cwd: work,
      encoding: 'utf8',
    });
    return out.split('\n').filter(Boolean);
  }

  it('completes commands and case types, and files for file arguments only', async () => {
    const s = await script('fish');
    expect(complete(s, 'ic-support case fields data')).toEqual(['data-restore']);
    expect(complete(s, 'ic-support completion p')).toEqual(['powershell']);
    expect(complete(s, 'ic-support case validate out')).toEqual(['outage.yaml']);
    expect(complete(s, 'ic-support case submit --from-file out')).toEqual(['outage.yaml']);
    expect(complete(s, 'ic-support case show out')).toEqual([]);
  });
});

describe.skipIf(!HAS_ZSH)('zsh', () => {
  /** An interactive zsh at a terminal, with the script installed in $fpath as the README says. */
  async function zshAt(): Promise<{ type: (keys: string) => Promise<string>; close: () => void }> {
    const zdot = join(dir.path, 'zdot');
    const fdir = join(dir.path, 'zfunc');
    mkdirSync(zdot, { recursive: true });
    mkdirSync(fdir, { recursive: true });
    writeFileSync(join(fdir, '_ic-support'), await script('zsh'));
    writeFileSync(
      join(zdot, '.zshrc'),
      `fpath=(${fdir} $fpath)\nautoload -Uz compinit\ncompinit -u -d ${join(zdot, '.zcompdump')}\nPROMPT='READY> '\n`,
    );
    const p = pty.spawn('zsh', ['-i'], {
      cwd: work,
      cols: 200,
      rows: 20,
      env: { ...env, ZDOTDIR: zdot, TERM: 'xterm' },
    });
    let raw = '';
    p.onData((d) => (raw += d));
    // eslint-disable-next-line no-control-regex
    const screen = (): string => raw.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[=>]|[\b\r]/g, '');
    const until = async (pred: () => boolean, ms: number): Promise<void> => {
      const end = Date.now() + ms;
      while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => screen().includes('READY> '), 15_000);
    return {
      // Types a line, presses TAB and gives the line as completed (the text after the last prompt's input).
      async type(keys) {
        const before = screen().length;
        p.write(`${keys}\t`);
        await until(() => /\s$/.test(screen().slice(before)) && screen().length > before + keys.length, 15_000);
        await new Promise((r) => setTimeout(r, 300));
        const seen = screen().slice(before);
        p.write('\u0015'); // Ctrl-U: clear the line for the next one
        return seen;
      },
      close: () => p.kill(),
    };
  }

  it('completes on the first TAB, and offers files where an argument is a file', async () => {
    const z = await zshAt();
    try {
      expect(await z.type('ic-support case fields data')).toContain('ic-support case fields data-restore');
      expect(await z.type('ic-support case validate out')).toContain('ic-support case validate outage.yaml');
      expect(await z.type('ic-support case comment 1002 --body-file no')).toContain(
        'ic-support case comment 1002 --body-file notes\\ for\\ the\\ portal.txt',
      );
    } finally {
      z.close();
    }
  }, 60_000);
});

describe('PowerShell', () => {
  // No PowerShell here (Debian does not package it): what can be run is the completer's side. The
  // script passes the words before the cursor, and an empty word when completing after a space.
  it('registers a native completer over __complete, with files for file arguments', async () => {
    const s = await script('powershell');
    expect(s).toContain('Register-ArgumentCompleter -Native -CommandName ic-support, ic-support.exe');
    expect(s).toContain('& ic-support __complete @words');
    expect(s).toMatch(/if \(\$line -eq ':files'\) \{\s+Get-ChildItem -Path "\$wordToComplete\*"/);
    const ask = (...words: string[]) =>
      execFileSync('ic-support', ['__complete', ...words], { env, cwd: work, encoding: 'utf8' }).split('\n');
    expect(ask('case', 'fields', '')).toEqual(expect.arrayContaining(['data-restore', 'report-an-outage']));
    expect(ask('case', 'validate', 'out').filter(Boolean)).toEqual([':files']);
    expect(ask('completion', '').filter(Boolean)).toEqual(['bash', 'zsh', 'fish', 'powershell']);
  });
});
