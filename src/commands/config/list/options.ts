import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareList = (c: Command) =>
  c
    .addOption(jsonOption("the profile's settings", ['profile', 'profiles', 'settings', 'signedIn']))
    .addOption(jqOption())
    .addHelpText('after', examples('ic-support config list', 'ic-support config list --profile staging --json'));

export type ListOptions = OptionsOf<typeof declareList>;
