import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareClose = (c: Command) =>
  c
    .addArgument(new Argument('<number>', 'the case number'))
    .option('--body <text>', 'a closing comment (optional)')
    .option('--body-file <file>', 'read the closing comment from a file; - reads standard input')
    .addOption(
      jsonOption('the outcome', [
        'number',
        'status',
        'changed',
        'previousStatus',
        'confirmedResolution',
        'closedAt',
        'closedBy',
        'reopenableUntil',
        'url',
      ]),
    )
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support case close 1042', 'ic-support case close 1042 --body "Grades post again, thank you."', 'ic-support case list --status pending', 'ic-support case close 1042 --json --no-input || [ $? -eq 13 ]   # already closed is fine')}
Closing a Pending case confirms the resolution Infinite Campus posted. The portal records who
closed it and when; it can be reopened within 60 days (ic-support case reopen).
Exit 0 when closed; 13 when it was closed already (nothing changed); 4 when your contact type
may not close cases; 5 when the case is not one of your districts'.
`,
    );

export type CloseOptions = OptionsOf<typeof declareClose>;
export type CloseArguments = ArgumentsOf<typeof declareClose>;
