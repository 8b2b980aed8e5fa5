// Every command a user can see has help with examples: walks the command tree itself (every noun
// declared), so a new command without examples fails here.
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { declareAll } from '../../src/cli/command-tree.js';
import { exitCodesHelp } from '../../src/cli/help.js';
import { run } from '../../src/cli/run.js';

function paths(c: Command, prefix: string[] = []): string[][] {
  return c.commands
    .filter((s) => !(s as unknown as { _hidden: boolean })._hidden && s.name() !== 'help')
    .flatMap((s) => [[...prefix, s.name()], ...paths(s, [...prefix, s.name()])]);
}

const tree = buildProgram({ version: '0', env: {} }).program;
await declareAll(tree);
const all = paths(tree);

describe('help', () => {
  it('covers the whole tree', () => {
    expect(all.length).toBeGreaterThan(40);
    expect(all).toContainEqual(['case', 'submit']);
    expect(all).toContainEqual(['sandbox', 'faults', 'set']);
  });

  it.each(all.map((p) => [p.join(' '), p] as const))('%s --help has examples and exits 0', async (_name, path) => {
    let out = '';
    const code = await run([...path, '--help'], {
      version: '0',
      env: {},
      helpOut: (s) => (out += s),
      errorOut: (s) => (out += s),
    });
    expect(code).toBe(0);
    expect(out).toContain(`Usage: ic-support ${path.join(' ')}`);
    expect(out).toMatch(/Examples:\n {2}\$ ic-support /);
  });
});

describe('the top-level help', () => {
  const help = async (args: string[]): Promise<{ code: number; out: string }> => {
    let out = '';
    const code = await run(args, { version: '0', env: {}, helpOut: (s) => (out += s), errorOut: (s) => (out += s) });
    return { code, out };
  };

  it('lists every noun with its one-line description, and the exit codes, without declaring their verbs', async () => {
    const { code, out } = await help(['--help']);
    expect(code).toBe(0);
    for (const c of tree.commands.filter((x) => !(x as unknown as { _hidden: boolean })._hidden)) {
      expect(out).toMatch(new RegExp(`\\n  ${c.name()}[ \\[]`));
      expect(out.replace(/\s+/g, ' ')).toContain(c.description().replace(/\s+/g, ' '));
    }
    expect(out).toContain(exitCodesHelp());
    expect(out).not.toContain('case submit');
  });

  it('`help <command>` declares the command first: the same text as <command> --help', async () => {
    for (const path of [['case'], ['case', 'submit'], ['sandbox', 'faults', 'set'], ['whoami']]) {
      const viaHelp = await help(['help', ...path]);
      const viaFlag = await help([...path, '--help']);
      expect(viaHelp.code, path.join(' ')).toBe(0);
      expect(viaHelp.out).toBe(viaFlag.out);
      expect(viaHelp.out).toContain(`Usage: ic-support ${path.join(' ')}`);
    }
    const unknown = await help(['help', 'nope']);
    expect(unknown.code).toBe(2);
  });
});
