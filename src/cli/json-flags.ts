/** Declares gh-style `--json [fields]` and `--jq <expression>` (kept light: loaded at start-up). */
import { Option, type Command } from 'commander';

export function jsonOptions(cmd: Command, what: string, example: string): Command {
  return cmd
    .addOption(new Option('--json [fields]', `print ${what} as JSON; --json ${example} keeps only those fields`))
    .addOption(new Option('--jq <expression>', 'filter the JSON with a jq expression (implies --json)'));
}
