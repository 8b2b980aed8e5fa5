import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareReopen = (c: Command) =>
  c
    .addArgument(new Argument('<number>', 'the case number'))
    .option('--body <text>', 'the additional details (required: from here, --body-file or your editor)')
    .option('--body-file <file>', 'read the details from a file; - reads standard input')
    .addOption(jsonOption('the outcome', ['number', 'status', 'changed', 'url']))
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support case reopen 1042 --body "Section 1100-7 still cannot post grades."', 'ic-support case reopen 1042 --body-file details.md', 'ic-support case reopen 1042            # opens $VISUAL / $EDITOR on a terminal')}
The portal decides, by its own calendar, whether the case may still be reopened; when it closed
more than 60 days ago the portal refuses with the last day it could be reopened (exit 6): file a
new case then. Exit 0 when reopened; 13 when it was open already (nothing changed, nothing sent);
4 when your contact type may not reopen cases; 5 when the case is not one of your districts'.
`,
    );

export type ReopenOptions = OptionsOf<typeof declareReopen>;
export type ReopenArguments = ArgumentsOf<typeof declareReopen>;
