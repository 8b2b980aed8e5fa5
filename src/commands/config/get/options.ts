import type { Command } from '@commander-js/extra-typings';
import type { ArgumentsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { keyArg } from '../options.js';

export const declareGet = (c: Command) =>
  c
    .addArgument(keyArg())
    .addHelpText(
      'after',
      examples('ic-support config get portalUrl', 'ic-support config get account --profile staging'),
    );

export type GetArguments = ArgumentsOf<typeof declareGet>;
