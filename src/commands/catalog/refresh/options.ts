import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { catalogJson } from '../options.js';

export const declareRefresh = (c: Command) =>
  catalogJson(c).addHelpText('after', examples('ic-support catalog refresh', 'ic-support --sandbox catalog refresh'));

export type RefreshOptions = OptionsOf<typeof declareRefresh>;
