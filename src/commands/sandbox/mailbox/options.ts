import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { adminTarget } from '../shared/admin-target.js';

export const declareMailbox = (c: Command) =>
  adminTarget(c.option('--to <email>', 'only mail to this address')).addHelpText(
    'after',
    examples('ic-support sandbox mailbox --to kelly.kapowski@bayside.example'),
  );

export type MailboxOptions = OptionsOf<typeof declareMailbox>;
