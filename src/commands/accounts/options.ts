import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../cli/command-tree.js';
import { examples } from '../../cli/help.js';
import { jqOption, jsonOption } from '../../cli/json-flags.js';

export const declareAccounts = (a: Command) =>
  a
    .addOption(jsonOption('the districts', undefined, 'id,name'))
    .addOption(jqOption())
    .addHelpText('after', examples('ic-support accounts', 'ic-support accounts --jq ".[].name"'));

export type AccountsOptions = OptionsOf<typeof declareAccounts>;
