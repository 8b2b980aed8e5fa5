import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../../cli/command-tree.js';
import { examples } from '../../../../cli/help.js';

export const declareRevoke = (c: Command) =>
  c
    .argument('<id>', 'the token id (pat_…), from ic-support auth token list')
    .addHelpText('after', examples('ic-support auth token revoke pat_Qx3v9LmT2aBc'));

export type RevokeOptions = OptionsOf<typeof declareRevoke>;
