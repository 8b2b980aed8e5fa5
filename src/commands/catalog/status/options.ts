import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { catalogJson } from '../options.js';

export const declareStatus = (c: Command) =>
  catalogJson(c).addHelpText(
    'after',
    examples('ic-support catalog status', 'ic-support catalog status --json | jq .lists.module'),
  );

export type StatusOptions = OptionsOf<typeof declareStatus>;
