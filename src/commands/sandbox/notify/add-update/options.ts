import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../../cli/command-tree.js';
import { examples } from '../../../../cli/help.js';
import { adminTarget } from '../../shared/admin-target.js';

export const declareAddUpdate = (c: Command) =>
  adminTarget(
    c
      .addArgument(new Argument('<id>', 'the notification id'))
      .requiredOption('--body <text>', 'the update')
      .option('--status <text>', 'also change the status'),
  ).addHelpText(
    'after',
    examples('ic-support sandbox notify add-update ntf_1a2b --body "A fix is being deployed." --status Monitoring'),
  );

export type AddUpdateOptions = OptionsOf<typeof declareAddUpdate>;
export type AddUpdateArguments = ArgumentsOf<typeof declareAddUpdate>;
