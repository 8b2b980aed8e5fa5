import { Argument, Option, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareComment = (c: Command) =>
  c
    .addArgument(new Argument('<number>', 'the case number'))
    .addOption(new Option('--body <text>', 'the comment').conflicts('bodyFile'))
    .option('--body-file <file>', 'read the comment from a file; - reads standard input')
    .addOption(jsonOption('the created comment', ['id', 'body', 'author', 'fromVendor', 'createdAt', 'kind']))
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support case comment 1042 --body "The report is attached."', 'ic-support case comment 1042 --body-file notes.md', 'git log -1 --format=%B | ic-support case comment 1042 --body-file -')}
Without --body or --body-file on a terminal, $VISUAL or $EDITOR opens. An empty comment is refused.
`,
    );

export type CommentOptions = OptionsOf<typeof declareComment>;
export type CommentArguments = ArgumentsOf<typeof declareComment>;
