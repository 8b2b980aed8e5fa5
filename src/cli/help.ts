/** Help text helpers shared by the command declarations. Light: imports only the errors' table. */
import { EXIT_CODES } from '../errors.js';

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** The root help's list of exit codes, one a line, written from the one table (src/errors.ts). */
export function exitCodesHelp(): string {
  const codes = Object.values(EXIT_CODES);
  const width = Math.max(...codes.map((e) => String(e.code).length));
  return `Exit codes:\n${codes.map((e) => `  ${String(e.code).padEnd(width)}  ${e.meaning}\n`).join('')}`;
}
