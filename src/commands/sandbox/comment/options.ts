import { Argument, Option, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { adminTarget } from '../shared/admin-target.js';

export const declareComment = (c: Command) =>
  adminTarget(
    c
      .addArgument(new Argument('<number>', 'the case number'))
      .requiredOption('--body <text>', 'the comment')
      .addOption(new Option('--status <status>', 'also set the status').choices(['New', 'In Progress'] as const)),
  ).addHelpText(
    'after',
    examples('ic-support sandbox comment 1002 --body "Could you send a screenshot?" --status "In Progress"'),
  );

export type CommentOptions = OptionsOf<typeof declareComment>;
export type CommentArguments = ArgumentsOf<typeof declareComment>;
