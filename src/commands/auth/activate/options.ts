import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { declareTokenFlow, TOKEN_FLOW_HELP } from '../options.js';

export const declareActivate = (c: Command) =>
  declareTokenFlow(c).addHelpText(
    'after',
    `${examples('ic-support auth activate --email you@district.org', 'printf "%s\\n%s\\n" "$TOKEN" "$NEW_PASSWORD" | ic-support auth activate --confirm --stdin')}${TOKEN_FLOW_HELP}`,
  );

export type ActivateOptions = OptionsOf<typeof declareActivate>;
