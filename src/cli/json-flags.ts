/** Declares gh-style `--json [fields]` and `--jq <expression>` (kept light: loaded at start-up). */
import { Option, type Command } from 'commander';

/** The fields a command's --json can output, when it declares them (checked before it runs). */
const declared = new WeakMap<Option, readonly string[]>();

/** `--json [fields]`; with `fields`, a wrong field is refused before the command does anything. */
export function jsonOption(what: string, fields?: readonly string[]): Option {
  const example = fields?.length ? fields.slice(0, 2).join(',') : 'a,b';
  const o = new Option(
    '--json [fields]',
    `print ${what} as JSON; --json ${example} keeps only those fields${fields?.length ? ` (fields: ${fields.join(', ')})` : ''}`,
  );
  if (fields) declared.set(o, fields);
  return o;
}

export const jqOption = (): Option =>
  new Option('--jq <expression>', 'filter the JSON with a jq expression (implies --json)');

export function declaredFields(cmd: Command): readonly string[] | undefined {
  const o = cmd.options.find((x) => x.long === '--json');
  return o ? declared.get(o) : undefined;
}

/** Both options on a command; `example` is shown in the help when no field list is declared. */
export function jsonOptions(cmd: Command, what: string, example: string, fields?: readonly string[]): Command {
  const json = fields
    ? jsonOption(what, fields)
    : new Option('--json [fields]', `print ${what} as JSON; --json ${example} keeps only those fields`);
  return cmd.addOption(json).addOption(jqOption());
}
