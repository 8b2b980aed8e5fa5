import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../../cli/command-tree.js';
import { examples } from '../../../../cli/help.js';
import { jqOption, jsonOption } from '../../../../cli/json-flags.js';

export const TOKEN_FIELDS = ['id', 'name', 'scope', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'] as const;

export const declareList = (c: Command) =>
  c
    .addOption(jsonOption('the tokens', TOKEN_FIELDS))
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support auth token list', 'ic-support auth token list --json id,name,expiresAt')}One tab-separated line per token: id, name, scope, state (active, expired, revoked), expiry.
`,
    );

export type ListOptions = OptionsOf<typeof declareList>;
