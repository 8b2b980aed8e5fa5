/**
 * The exit codes are one table, EXIT_CODES in src/errors.ts (issue 24 §6). The root help's list is
 * written from it; here the README's table and the codes the commands' help texts cite are checked
 * against it, so a code added, renumbered or reworded in one place and not the other fails.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { declareAll } from '../../src/cli/command-tree.js';
import { exitCodesHelp } from '../../src/cli/help.js';
import { run } from '../../src/cli/run.js';
import { AuthError, EXIT_CODES, ExitCode, PartialFailureError, ValidationError } from '../../src/errors.js';

const codes = Object.values(EXIT_CODES);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const meaningOf = new Map<number, string>(codes.map((e) => [e.code, e.meaning]));

/** The rows of the table under `## Exit codes`: code and meaning, backticks dropped (the table is Markdown). */
function readmeExitCodes(readme: string): { code: number; meaning: string }[] {
  const section = /^## Exit codes\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  if (section === undefined) throw new Error('README.md has no "## Exit codes" section');
  return section
    .split('\n')
    .map((line) => /^\|\s*(\d+)\s*\|\s*(.*?)\s*\|$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ code: Number(m[1]), meaning: m[2]!.replace(/`/g, '') }));
}

/** Problems between the README's rows and the table, each naming the fix; empty when they agree. */
function readmeDrift(rows: { code: number; meaning: string }[]): string[] {
  const problems: string[] = [];
  for (const { code, meaning } of codes) {
    const row = rows.filter((r) => r.code === code);
    if (row.length !== 1) problems.push(`README.md: exit code ${code} has ${row.length} rows; give it one: ${meaning}`);
    // The README may say more after the one-line meaning (examples, the fix), not something else.
    else if (!new RegExp(`^${escape(meaning)}(?:$|[ :;,(])`).test(row[0]!.meaning))
      problems.push(`README.md: the row of exit code ${code} must start with "${meaning}" (src/errors.ts EXIT_CODES)`);
  }
  for (const r of rows)
    if (!meaningOf.has(r.code))
      problems.push(`README.md: exit code ${r.code} is not in src/errors.ts EXIT_CODES: add it there, or drop the row`);
  return problems;
}

describe('EXIT_CODES, the one table of exit codes', () => {
  it('gives each code once, with a one-line meaning', () => {
    expect(new Set(codes.map((e) => e.code)).size).toBe(codes.length);
    for (const e of codes) expect(e.meaning).toMatch(/^[^\n]{3,100}$/);
    expect(Object.values(ExitCode)).toEqual(codes.map((e) => e.code));
  });

  it('is the README’s table: every code, once, with the same meaning', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const rows = readmeExitCodes(readme);
    expect(rows.length).toBeGreaterThan(0);
    expect(readmeDrift(rows)).toEqual([]);
  });

  it('the README check fails on a drift: a code missing, renumbered, reworded or extra', () => {
    const good = codes.map((e) => ({ code: e.code, meaning: `${e.meaning} (more words)` }));
    expect(readmeDrift(good)).toEqual([]);
    expect(readmeDrift(good.filter((r) => r.code !== 13)).join('\n')).toMatch(/exit code 13 has 0 rows/);
    expect(
      readmeDrift(good.map((r) => (r.code === 5 ? { ...r, meaning: 'the case is missing' } : r))).join('\n'),
    ).toMatch(/exit code 5 must start with "not found"/);
    expect(readmeDrift([...good, { code: 99, meaning: 'new' }]).join('\n')).toMatch(/exit code 99 is not in/);
    expect(readmeDrift(good.map((r) => (r.code === 14 ? { ...r, code: 15 } : r)))).toHaveLength(2);
  });

  it('is the root help’s list', async () => {
    let out = '';
    expect(
      await run(['--help'], { version: '0', env: {}, helpOut: (s) => (out += s), errorOut: (s) => (out += s) }),
    ).toBe(0);
    expect(out).toContain(exitCodesHelp());
    for (const e of codes) expect(out).toMatch(new RegExp(`\\n {2}${e.code} +${escape(e.meaning)}\\n`));
  });
});

describe('the exit codes a command’s help cites', () => {
  const tree = buildProgram({ version: '0', env: {} }).program;
  const paths = (c: Command, prefix: string[] = []): string[][] =>
    c.commands
      .filter((s) => s.name() !== 'help')
      .flatMap((s) => [[...prefix, s.name()], ...paths(s, [...prefix, s.name()])]);

  /** Where an "exit …" sentence ends: at a full stop, or at the ")" that closes a "(exit 6)". */
  const sentenceAt = (text: string, start: number): string => {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')' && depth-- === 0) return text.slice(start, i);
      else if (c === '.' && /^(?:$| [A-Z])/.test(text.slice(i + 1, i + 3))) return text.slice(start, i);
    }
    return text.slice(start);
  };
  /** Each "exit …" sentence's codes: the number after "exit", and those starting its later clauses. */
  const cited = (help: string): number[] => {
    const text = help.replace(/\s+/g, ' ');
    return [...text.matchAll(/\bexit(?:s| codes?)?\b/gi)].flatMap((m) =>
      [...sentenceAt(text, m.index).matchAll(/(?:^exit(?:s| codes?)?(?: is)?:? |[;,] (?:or )?)(\d+)\b/gi)].map((c) =>
        Number(c[1]),
      ),
    );
  };

  it('are real exit codes, and one that belongs to some commands (10-13) is cited by those only', async () => {
    await declareAll(tree);
    const all = paths(tree);
    const names = all.map((p) => p.join(' '));
    /** The commands a meaning starts with ("case watch: …"), the longest only ("case watch", not "case"). */
    const namedBy = (meaning: string): string[] => {
      const who = /^(.*?): /.exec(meaning)?.[1] ?? '';
      const named = names.filter((n) => new RegExp(`(?:^|[ ,])${escape(n)}(?:$|[ ,])`).test(who));
      return named.filter((n) => !named.some((m) => m !== n && m.startsWith(`${n} `)));
    };
    const citations: string[] = [];
    for (const path of all) {
      let out = '';
      await run([...path, '--help'], {
        version: '0',
        env: {},
        helpOut: (s) => (out += s),
        errorOut: (s) => (out += s),
      });
      const name = path.join(' ');
      for (const code of cited(out)) {
        citations.push(`${name}: ${code}`);
        const meaning = meaningOf.get(code);
        expect(meaning, `${name} --help cites exit code ${code}, which src/errors.ts EXIT_CODES lacks`).toBeDefined();
        const owners = namedBy(meaning!);
        if (owners.length)
          expect(
            owners.some((o) => name === o || name.startsWith(`${o} `)),
            `${name} --help cites exit code ${code}, which means "${meaning}"`,
          ).toBe(true);
      }
    }
    // The texts this reads: if the wording changes so that nothing is found, this says so.
    expect(citations).toEqual(
      expect.arrayContaining([
        'case watch: 10',
        'case close: 13',
        'case reopen: 13',
        'notifications: 12',
        'auth status: 3',
      ]),
    );
  });

  it('finds the codes of a sentence, and only those', () => {
    expect(cited('Exit 0 when closed; 13 when it was closed already (nothing changed); 4 when not.')).toEqual([
      0, 13, 4,
    ]);
    expect(cited('exit codes: 0 OK (nothing open), 11 WARNING, 12 CRITICAL. Filed 60 days ago, 3 times.')).toEqual([
      0, 11, 12,
    ]);
    expect(cited('the exit code is 2 (exit 6) unless --force')).toEqual([2, 6]);
  });
});

describe('errors are immutable: withHint and withPortal make a copy', () => {
  it('keeps the class, the message, the stack and every field, and leaves the original as it was', () => {
    const original = new ValidationError([{ field: 'subject', message: 'is empty' }], 'case.yaml', 'Fill it in.');
    const copy = original.withHint('Another hint.').withPortal({ status: 422, code: 'invalid' });
    expect(copy).toBeInstanceOf(ValidationError);
    expect(copy).not.toBe(original);
    expect(copy).toMatchObject({
      name: 'ValidationError',
      message: original.message,
      stack: original.stack,
      exitCode: ExitCode.usage,
      issues: original.issues,
      source: 'case.yaml',
      hint: 'Another hint.',
      portal: { status: 422, code: 'invalid' },
    });
    expect(original.hint).toBe('Fill it in.');
    expect(original.portal).toBeUndefined();
    expect(Object.prototype.toString.call(copy)).toBe('[object Error]');
  });

  it('copies the fields of any class', () => {
    const failures = [{ item: 'a.png', message: 'missing' }];
    const p = new PartialFailureError('1 of 2 failed', failures, ExitCode.notFound).withHint('Attach it again.');
    expect(p).toBeInstanceOf(PartialFailureError);
    expect([p.failures, p.exitCode, p.hint]).toEqual([failures, ExitCode.notFound, 'Attach it again.']);
    const a = new AuthError('expired').withPortal({ status: 401, code: 'token_expired' });
    expect([a.hint, a.portal?.code, a.exitCode]).toEqual(['Sign in with: ic-support login', 'token_expired', 3]);
  });
});
