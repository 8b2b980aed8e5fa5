import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { adminTarget } from '../shared/admin-target.js';

export const declareClock = (c: Command) =>
  adminTarget(
    c.option('--advance-days <n>', 'move the clock forward by N days (1-3650); sign-in tokens expire by it too'),
  ).addHelpText(
    'after',
    examples(
      'ic-support sandbox clock',
      'ic-support sandbox clock --advance-days 15   # past the 10th business day: Pending cases close',
      'ic-support sandbox clock --advance-days 61   # past the 60-day reopen window',
    ),
  );

export type ClockOptions = OptionsOf<typeof declareClock>;
