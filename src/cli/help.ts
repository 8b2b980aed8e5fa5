/** Help text helpers shared by the command declarations. Light: imports only the errors' table. */
import { EXIT_CODES } from '../errors.js';

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

interface HasSubcommands {
  name(): string;
  commands: readonly HasSubcommands[];
  addHelpText(position: 'after', text: string): unknown;
}

/** Adds examples to sub-commands by their path below `root` ("notify post"); an unknown path is a bug. */
export function addExamples(root: HasSubcommands, table: Record<string, string[]>): void {
  for (const [path, lines] of Object.entries(table)) {
    let cmd: HasSubcommands | undefined = root;
    for (const part of path ? path.split(' ') : []) cmd = cmd?.commands.find((c) => c.name() === part);
    if (!cmd) throw new Error(`addExamples: no command "${path}" under ${root.name()}`);
    cmd.addHelpText('after', examples(...lines));
  }
}

/** The root help's list of exit codes, one a line, written from the one table (src/errors.ts). */
export function exitCodesHelp(): string {
  const codes = Object.values(EXIT_CODES);
  const width = Math.max(...codes.map((e) => String(e.code).length));
  return `Exit codes:\n${codes.map((e) => `  ${String(e.code).padEnd(width)}  ${e.meaning}\n`).join('')}`;
}
