import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareLint = (c: Command) =>
  c
    .addArgument(new Argument('<file>', 'the case file; - reads standard input'))
    .addOption(jsonOption('the warnings', ['file', 'valid', 'issues', 'warnings']))
    .addOption(jqOption())
    .option('--strict', 'exit 2 when there is any warning (for CI)')
    .addHelpText(
      'after',
      `${examples('ic-support case lint grades.yaml', 'ic-support case lint --strict case.json --json')}
Checks: a description that says who, what, where and when; a brief, specific subject; steps to
reproduce and expected results on an Application Issue; sensitive data such as a Social Security
number. It also validates the file (exit 2 when it is not valid).
`,
    );

export type LintOptions = OptionsOf<typeof declareLint>;
export type LintArguments = ArgumentsOf<typeof declareLint>;
