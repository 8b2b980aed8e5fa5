import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareTypes = (c: Command) =>
  c
    .addOption(jsonOption('the case types'))
    .addOption(jqOption())
    .addHelpText('after', examples('ic-support case types', 'ic-support case types --json | jq -r ".[].id"'));

export type TypesOptions = OptionsOf<typeof declareTypes>;
