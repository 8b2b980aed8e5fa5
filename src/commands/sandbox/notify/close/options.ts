import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../../cli/command-tree.js';
import { examples } from '../../../../cli/help.js';
import { adminTarget } from '../../shared/admin-target.js';

export const declareClose = (c: Command) =>
  adminTarget(
    c
      .addArgument(new Argument('<id>', 'the notification id'))
      .option('--status <text>', 'closing status')
      .option('--body <text>', 'a closing update'),
  ).addHelpText(
    'after',
    examples('ic-support sandbox notify close ntf_1a2b --body "All customer sites are working again."'),
  );

export type CloseOptions = OptionsOf<typeof declareClose>;
export type CloseArguments = ArgumentsOf<typeof declareClose>;
