import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

/** What `auth status --json` prints (./run.ts): a wrong field is refused before the portal is asked. */
export const STATUS_FIELDS = ['portalUrl', 'notificationsUrl', 'profile', 'contact', 'districts', 'token'] as const;

export const declareStatus = (c: Command) =>
  c
    .addOption(jsonOption('who is signed in', STATUS_FIELDS))
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support whoami', 'ic-support auth status --json | jq -r .contact.email')}Exit 0 when signed in, 3 when not (or the token has expired or was revoked).\n`,
    );

export type StatusOptions = OptionsOf<typeof declareStatus>;
