import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { keyArg } from '../options.js';

export const declareSet = (c: Command) =>
  c
    .addArgument(keyArg())
    .addArgument(new Argument('<value>', 'the new value'))
    .addHelpText(
      'after',
      examples(
        'ic-support config set portalUrl https://support.example.org',
        'ic-support config set output json --profile ci',
        'ic-support config set caFile ./district-ca.pem',
      ),
    );

export type SetArguments = ArgumentsOf<typeof declareSet>;
