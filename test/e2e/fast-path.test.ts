// The catalog commands answered by dist/fast.js (without the command tree) print exactly what
// the full CLI prints: every type, every shape. A change to one and not the other fails here.
import { describe, expect, it } from 'vitest';
import { runCli, useStateDir } from '../helpers/cli.js';
import { run } from '../../src/cli/run.js';
import { catalog } from '../../src/domain/catalog/index.js';
import { route } from '../../src/cli/fast.js';

const state = useStateDir();

async function full(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  // The in-process CLI, as the binary runs it when the fast path declines.
  const code = await run(args, { version: '0', env: { ...state.env }, out: (s) => (stdout += s), err: () => undefined, io: () => ioFor((s) => (stdout += s)) });
  return { code, stdout };
}

function ioFor(out: (s: string) => void) {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 80,
    colorOut: false,
    colorErr: false,
    colorLevel: 1 as const,
    promptDisabled: true,
    canPrompt: () => false,
    canSpin: () => false,
    wait: <T>(_label: string, work: Promise<T> | (() => Promise<T>)): Promise<T> => (typeof work === 'function' ? work() : work),
    waitNote: () => undefined,
    out,
    err: () => undefined,
  };
}

const shapes: string[][] = [['case', 'types'], ['case', 'types', '--json']];
for (const t of catalog.types) shapes.push(['case', 'fields', t.id], ['case', 'fields', t.id, '--json'], ['case', 'template', t.id]);

describe('the fast path of the catalog commands', () => {
  it.each(shapes.map((s) => [s.join(' '), s] as const))('%s: same output as the full CLI', async (_name, args) => {
    expect(route(args), 'this shape takes the fast path').toBeDefined();
    const fast = await runCli(args, { env: state.env });
    const slow = await full([...args]);
    expect(fast.code).toBe(0);
    expect(slow.code).toBe(0);
    expect(fast.stdout).toBe(slow.stdout);
    expect(fast.stdout.length).toBeGreaterThan(100);
  });

  it('leaves other shapes to the full CLI: a label, a bad type, --help, a global option', async () => {
    for (const args of [['case', 'fields', 'Data Restore'], ['case', 'fields', 'nope'], ['case', 'fields', 'server-access', '--help'], ['--no-color', 'case', 'types'], ['case', 'template', 'data-restore', '--json'], ['case', 'submit']]) {
      expect(route(args), args.join(' ')).toBeUndefined();
    }
    const label = await runCli(['case', 'fields', 'Data Restore'], { env: state.env });
    expect(label.code).toBe(0);
    expect(label.stdout).toContain('Data Restore (data-restore)');
    const bad = await runCli(['case', 'fields', 'nope'], { env: state.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown case type "nope"');
    const help = await runCli(['case', 'fields', 'server-access', '--help'], { env: state.env });
    expect(help.stdout).toContain('Usage: ic-support case fields');
    const noColor = await runCli(['--no-color', 'case', 'types'], { env: state.env });
    expect(noColor.stdout).toContain('Application Issue  application-issue');
  });
});
