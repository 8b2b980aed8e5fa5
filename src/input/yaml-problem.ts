/** A YAML syntax error as a person can act on it: where, why, and the line it means, quoted. */
import { FileProblemError } from '../errors.js';
import { showControls } from '../text/show-controls.js';

interface YamlError {
  message: string;
  linePos?: [{ line: number; col: number }, ...unknown[]] | undefined;
}

export function yamlProblem(first: YamlError, text: string, name: string): FileProblemError {
  const pos = first.linePos?.[0];
  // The yaml package ends its message with "at line L, column C:" and an excerpt: said here instead.
  const why = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?\s*$/, '');
  if (!pos) return new FileProblemError(name, `not valid YAML: ${why}`);
  const line = (text.split(/\r?\n/)[pos.line - 1] ?? '').slice(0, 120);
  const quoted = `line ${pos.line}: ${showControls(line)}\n${' '.repeat(`line ${pos.line}: `.length + Math.max(0, Math.min(pos.col, line.length + 1) - 1))}^`;
  return new FileProblemError(name, `not valid YAML (line ${pos.line}, column ${pos.col}): ${why}\n${quoted}`);
}
