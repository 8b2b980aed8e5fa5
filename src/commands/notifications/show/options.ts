import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareShow = (c: Command) =>
  c
    .addArgument(new Argument('<id>', 'the notification id (the "id:" line of ic-support notifications)'))
    .addOption(
      jsonOption('the notification', [
        'source',
        'fetchedAt',
        'ageSeconds',
        'stale',
        'staleReason',
        'since',
        'notification',
      ]),
    )
    .addOption(jqOption())
    .option('--since <time>', 'only the updates after a time (2h, 3d, 2024-07-30, an ISO time)')
    .addHelpText(
      'after',
      examples(
        'ic-support notifications show ntf_digicert',
        'ic-support notifications show ntf_digicert --json | jq -r ".notification.updates[].body"',
      ),
    );

export type ShowOptions = OptionsOf<typeof declareShow>;
export type ShowArguments = ArgumentsOf<typeof declareShow>;
