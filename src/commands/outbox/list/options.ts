import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareList = (c: Command) =>
  c
    .addOption(
      jsonOption('the waiting cases', [
        'id',
        'caseType',
        'subject',
        'caseNumber',
        'attachmentsWaiting',
        'attempts',
        'lastError',
        'profile',
        'portalUrl',
        'createdAt',
        'source',
      ]),
    )
    .addOption(jqOption())
    .addHelpText('after', examples('ic-support outbox list', 'ic-support outbox list --json'));

export type ListOptions = OptionsOf<typeof declareList>;
