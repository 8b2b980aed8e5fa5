// Shell completion: the real bash runs the generated script, which calls the built binary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { baseEnv, runCli, tempDir, installedOnPath } from '../helpers/cli.js';

let dir: { path: string; cleanup: () => void };
let env: Record<string, string>;
beforeAll(() => {
  dir = tempDir();
  env = baseEnv(dir.path);
  // Put `ic-support` on PATH as an installed user would have it.
  env.PATH = installedOnPath(dir.path, env.PATH);
});
afterAll(() => dir.cleanup());

/** Completes a command line in real bash and returns COMPREPLY. */
async function bashComplete(line: string): Promise<string[]> {
  const script = (await runCli(['completion', 'bash'], { env })).stdout;
  const words = line.split(' ');
  const driver = `${script}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_ic_support_complete
printf '%s\\n' "\${COMPREPLY[@]}"
`;
  return execFileSync('bash', ['-c', driver], { env, encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('completion', () => {
  it('completes commands', async () => {
    expect(await bashComplete('ic-support ca')).toEqual(['case', 'catalog']);
    const { buildProgram } = await import('../../src/cli/program.js');
    const { declareAll } = await import('../../src/cli/command-tree.js');
    const { program } = buildProgram({ version: '0', env: {} });
    await declareAll(program);
    const caseCmd = program.commands.find((c) => c.name() === 'case')!;
    const verbs = caseCmd.commands.map((c) => c.name()).sort();
    expect(verbs).toEqual(expect.arrayContaining(['fields', 'lint', 'submit', 'template', 'types', 'validate']));
    // Aliases (case ls, case view) complete too.
    const withAliases = caseCmd.commands.flatMap((c) => [c.name(), ...c.aliases()]).sort();
    expect(withAliases).toEqual(expect.arrayContaining(['ls', 'view']));
    expect((await bashComplete('ic-support case ')).sort()).toEqual(withAliases);
  });

  it('completes case type ids from the catalog', async () => {
    expect(await bashComplete('ic-support case fields data')).toEqual(['data-restore']);
    expect((await bashComplete('ic-support case template request-')).sort()).toEqual([
      'request-consulting',
      'request-technical-services',
      'request-training',
    ]);
  });

  it('completes flags of the command being typed', async () => {
    expect(await bashComplete('ic-support case types --j')).toEqual(['--json', '--jq']);
  });

  it('completes a shell name and hides internal commands', async () => {
    expect((await bashComplete('ic-support completion ')).sort()).toEqual(['bash', 'fish', 'powershell', 'zsh']);
    expect(await bashComplete('ic-support __')).toEqual([]);
  });

  it('prints scripts for zsh, fish and PowerShell that call the hidden completer', async () => {
    for (const shell of ['zsh', 'fish', 'powershell']) {
      const r = await runCli(['completion', shell], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('ic-support __complete');
    }
    const bad = await runCli(['completion', 'cmd'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Allowed choices are bash, zsh, fish, powershell');
  });

  it('completes the choices of a field flag for the case type given', async () => {
    const { candidates } = await import('../../src/commands/completion/complete/run.js');
    const { buildProgram } = await import('../../src/cli/program.js');
    const { program } = buildProgram({ version: '0', env: {} });
    // choice values come from the catalog for flags named after fields (used by case submit)
    program.command('probe').argument('<case-type>').option('--module <m>');
    expect(candidates(program, ['probe', 'application-issue', '--module', 'Grad'])).toEqual([
      'Grade Book',
      'Grading and Standards',
    ]);
    expect(candidates(program, ['probe', 'server-access', '--module', 'Grad'])).toEqual([]);
    expect(candidates(program, ['probe', 'data-restore', '--priority', ''])).toEqual([]);
  });
});
