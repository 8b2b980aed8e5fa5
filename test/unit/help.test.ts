// Every command a user can see has help with examples: walks the command tree itself, so a new
// command without examples fails here.
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { run } from '../../src/cli/run.js';

function paths(c: Command, prefix: string[] = []): string[][] {
  return c.commands
    .filter((s) => !(s as unknown as { _hidden: boolean })._hidden && s.name() !== 'help')
    .flatMap((s) => [[...prefix, s.name()], ...paths(s, [...prefix, s.name()])]);
}

const all = paths(buildProgram({ version: '0', env: {} }).program);

describe('help', () => {
  it('covers the whole tree', () => {
    expect(all.length).toBeGreaterThan(40);
    expect(all).toContainEqual(['case', 'submit']);
    expect(all).toContainEqual(['sandbox', 'faults', 'set']);
  });

  it.each(all.map((p) => [p.join(' '), p] as const))('%s --help has examples and exits 0', async (_name, path) => {
    let out = '';
    const code = await run([...path, '--help'], { version: '0', env: {}, out: (s) => (out += s), err: (s) => (out += s) });
    expect(code).toBe(0);
    expect(out).toContain(`Usage: ic-support ${path.join(' ')}`);
    expect(out).toMatch(/Examples:\n {2}\$ ic-support /);
  });
});

describe('the stored top-level help', () => {
  it('is what the command tree prints (bin/ic-support.cjs serves it without loading the CLI)', async () => {
    const { readFileSync } = await import('node:fs');
    const stored = readFileSync(new URL('../../dist/root-help.txt', import.meta.url), 'utf8');
    let out = '';
    const tty = process.stdout.isTTY;
    process.stdout.isTTY = false;
    try {
      await run(['--help'], { version: '0', env: {}, out: (s) => (out += s), err: (s) => (out += s) });
    } finally {
      process.stdout.isTTY = tty;
    }
    expect(stored).toBe(out);
    expect(stored).toContain('Exit codes: 0 ok');
  });
});
