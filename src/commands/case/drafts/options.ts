import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareDrafts = (c: Command) =>
  c
    .addOption(jsonOption('the drafts', ['id', 'caseType', 'subject', 'reason', 'updatedAt']))
    .addOption(jqOption())
    .option('--delete <id>', 'delete a draft')
    .addHelpText(
      'after',
      examples(
        'ic-support case drafts',
        'ic-support case submit --draft 20261128-a1b2c3',
        'ic-support case drafts --delete 20261128-a1b2c3',
      ),
    );

export type DraftsOptions = OptionsOf<typeof declareDrafts>;
