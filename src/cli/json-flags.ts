/** Declares gh-style `--json [fields]` and `--jq <expression>` (kept light: loaded at start-up). */
import { Option } from '@commander-js/extra-typings';
import type { Command } from 'commander';

/** `--json [fields]` that knows the fields a command can output (checked before the command runs). */
export class JsonOption extends Option<'--json [fields]'> {
  constructor(
    description: string,
    readonly fields: readonly string[] | undefined,
  ) {
    super('--json [fields]', description);
  }
}

/**
 * `--json [fields]`; with `fields`, a wrong field is refused before the command does anything.
 * Without them, `example` shows what a field list looks like.
 */
export function jsonOption(what: string, fields?: readonly string[], example?: string): JsonOption {
  const shown = fields?.length ? fields.slice(0, 2).join(',') : (example ?? 'a,b');
  return new JsonOption(
    `print ${what} as JSON; --json ${shown} keeps only those fields${fields?.length ? ` (fields: ${fields.join(', ')})` : ''}`,
    fields,
  );
}

export const jqOption = () =>
  new Option(
    '--jq <expression>',
    'filter the JSON with a jq expression (jq 1.7.1 syntax; at most IC_SUPPORT_JQ_TIMEOUT s, default 5; implies --json)',
  );

/** The fields a command's --json declares it can output, if it declares them. */
export function declaredFields(cmd: Command): readonly string[] | undefined {
  const o = cmd.options.find((x) => x instanceof JsonOption);
  return o instanceof JsonOption ? o.fields : undefined;
}
