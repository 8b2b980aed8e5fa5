// Completion in the real shells (issue 28 §4): bash, zsh (the first TAB of a script installed in
// $fpath completes; files where an argument is a file) and fish (files for file arguments) each run
// the script `ic-support completion <shell>` prints, which calls the built CLI. .ci/run installs zsh
// and fish; where one is missing here its tests are skipped with the reason printed. PowerShell is not
// to be had here: its script, and the README's PowerShell examples, are parsed with PowerShell's
// grammar and checked, and the completer's side is run (see the PowerShell tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { ROOT, baseEnv, runCli, tempDir, installedOnPath } from '../helpers/cli.js';

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
  env.PATH = installedOnPath(dir.path, env.PATH);
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
  // No PowerShell here: Debian does not package it, and the npm registry has none (the `pwsh`
  // package downloads it from GitHub at install). So PowerShell's own grammar (tree-sitter-powershell,
  // the grammar GitHub and editors highlight PowerShell with) parses the script and the README's
  // PowerShell examples: a syntax error fails the test. The parse tree is then checked for what the
  // completer needs, and the CLI side runs with the words the script passes. What is not run: the
  // script block inside PowerShell (Register-ArgumentCompleter, TabExpansion2), listed in the
  // README's platform notes.
  let parser: Parser;
  beforeAll(async () => {
    await Parser.init();
    const grammar = createRequire(import.meta.url).resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
    parser = new Parser();
    parser.setLanguage(await Language.load(grammar));
  });
  const parse = (text: string): Node => {
    const tree = parser.parse(text);
    if (!tree) throw new Error('no parse tree');
    return tree.rootNode;
  };
  const nodes = (n: Node, type: string): Node[] => [
    ...(n.type === type ? [n] : []),
    ...n.children.flatMap((c) => (c ? nodes(c, type) : [])),
  ];
  /** Each syntax error, with its line and column, for the failure's message. */
  const errors = (n: Node): string[] =>
    n.hasError
      ? [n, ...n.descendantsOfType(['ERROR'])]
          .filter((e): e is Node => e !== null && (e.isError || e.isMissing || e.type === 'ERROR'))
          .map((e) => `${e.startPosition.row + 1}:${e.startPosition.column + 1} ${e.text.slice(0, 60)}`)
          .concat(n.descendantsOfType('ERROR').length ? [] : ['(a missing token)'])
      : [];

  it('the grammar finds a syntax error where there is one (the check can fail)', () => {
    expect(errors(parse('Register-ArgumentCompleter -ScriptBlock { param($a) if ($a -eq "x" { 1 } }'))).not.toEqual([]);
    expect(errors(parse("$x = 'not closed"))).not.toEqual([]);
    expect(errors(parse("Get-ChildItem -Path 'a'; $x = @(1, 2)"))).toEqual([]);
  });

  it('the script parses, registers a native completer over __complete, and reads no variable it never set', async () => {
    const s = await script('powershell');
    const root = parse(s);
    expect(errors(root)).toEqual([]);
    const commands = nodes(root, 'command');
    const register = commands.find((c) => c.childForFieldName('command_name')?.text === 'Register-ArgumentCompleter');
    expect(register).toBeDefined();
    const elements = register!.childForFieldName('command_elements')!;
    expect(elements.children.filter((c) => c?.type === 'command_parameter').map((p) => p!.text)).toEqual([
      '-Native',
      '-CommandName',
      '-ScriptBlock',
    ]);
    const parts = elements.children.filter((c): c is Node => c !== null && c.type !== 'command_argument_sep');
    const names = parts[parts.findIndex((p) => p.text === '-CommandName') + 1]!;
    expect(nodes(names, 'verbatim_string_characters').map((v) => v.text)).toEqual(["'ic-support'", "'ic-support.exe'"]);
    // What PowerShell passes a native completer, in this order.
    const block = nodes(elements, 'script_block')[0]!;
    const params = nodes(nodes(block, 'param_block')[0]!, 'variable').map((v) => v.text.toLowerCase());
    expect(params).toEqual(['$wordtocomplete', '$commandast', '$cursorposition']);
    // Every variable read is a parameter, assigned, a foreach's, or PowerShell's own.
    const set = new Set([
      ...params,
      // ([Console]::OutputEncoding = … assigns no variable)
      ...nodes(block, 'left_assignment_expression').flatMap((l) =>
        nodes(l, 'variable')
          .slice(0, 1)
          .map((v) => v.text.toLowerCase()),
      ),
      ...nodes(block, 'foreach_statement').map((f) =>
        f.children.find((c) => c?.type === 'variable')!.text.toLowerCase(),
      ),
      '$_',
      '$psversiontable',
      '$null',
      '$false',
      '$true',
    ]);
    const read = nodes(block, 'variable').map((v) => v.text.toLowerCase().replace(/^@/, '$'));
    expect(read.filter((v) => !set.has(v))).toEqual([]);
    // The CLI is asked with the words before the cursor, splatted; files when it answers :files.
    const ask = commands.find((c) => c.child(0)?.type === 'command_invokation_operator');
    expect(ask?.text).toMatch(/^& ic-support __complete @words\b/);
    expect(s).toMatch(/if \(\$line -eq ':files'\) \{\s+Get-ChildItem -Path "\$wordToComplete\*"/);
  });

  // Windows PowerShell 5.1 writes the '""' the script passes there into the command line as is,
  // which the program reads as an empty argument: the CLI gets '' from both.
  it('the CLI answers the words the script passes (the empty word after a space too)', () => {
    const ask = (...words: string[]) =>
      execFileSync('ic-support', ['__complete', ...words], { env, cwd: work, encoding: 'utf8' }).split('\n');
    expect(ask('case', 'fields', '')).toEqual(expect.arrayContaining(['data-restore', 'report-an-outage']));
    expect(ask('case', 'validate', 'out').filter(Boolean)).toEqual([':files']);
    expect(ask('completion', '').filter(Boolean)).toEqual(['bash', 'zsh', 'fish', 'powershell']);
  });

  it("the README's PowerShell examples parse", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Windows and PowerShell'),
      readme.indexOf('### One-file executables'),
    );
    // The table's PowerShell column, and every other PowerShell line given in the section.
    const rows = [...section.matchAll(/^\| `[^\n]*?` \| `((?:[^`\\]|\\.)*)`/gm)].map((m) =>
      m[1]!.replaceAll('\\|', '|'),
    );
    const inline = [
      ...section
        .split('\n')
        .filter((l) => !l.startsWith('|'))
        .join('\n')
        .matchAll(/`((?:\$|Get-Content|ic-support completion powershell)[^`]*)`/g),
    ].map((m) => m[1]!);
    const completion = /PowerShell \(in `\$PROFILE`\): `([^`]+)`/.exec(readme)?.[1];
    const examples = [...rows, ...inline, ...(completion ? [completion] : [])];
    expect(rows.length).toBeGreaterThanOrEqual(7);
    expect(examples.some((e) => e.includes('Read-Host -AsSecureString'))).toBe(true);
    expect(examples.some((e) => e.startsWith('$OutputEncoding ='))).toBe(true);
    expect(completion).toBeDefined();
    // The grammar lacks one thing PowerShell has: a lone `-` as an argument (standard input), which
    // PowerShell passes as the string "-"; it is quoted for the parse.
    for (const e of examples) expect(errors(parse(e.replace(/ -(?= |$)/g, " '-'"))), e).toEqual([]);
  });
});
