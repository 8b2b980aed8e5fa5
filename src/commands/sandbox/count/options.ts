import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { adminTarget } from '../shared/admin-target.js';

export const declareCount = (c: Command) =>
  adminTarget(
    c
      .option('--account <district>', 'only this district (id or name)')
      .option('--subject <text>', 'only cases with exactly this subject')
      .option('--search <text>', 'only cases whose text contains this'),
  ).addHelpText(
    'after',
    examples(
      'ic-support sandbox count --subject "Campus unreachable for all users"',
      'ic-support sandbox count --account "Bayside School (TESTING)"',
    ),
  );

export type CountOptions = OptionsOf<typeof declareCount>;
