import { Option, type Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../../cli/command-tree.js';
import { examples } from '../../../../cli/help.js';
import { adminTarget } from '../../shared/admin-target.js';

export const declarePost = (c: Command) =>
  adminTarget(
    c
      .addOption(
        new Option('--kind <kind>', 'incident or maintenance')
          .choices(['incident', 'maintenance'] as const)
          .makeOptionMandatory(),
      )
      .requiredOption('--title <text>', 'the title')
      .option('--status <text>', 'status text (default: Investigating / Scheduled)')
      .option('--body <text>', 'the first update')
      .option('--starts-at <time>', 'start of the incident or window (ISO 8601; default now)')
      .option('--ends-at <time>', 'end of the window (ISO 8601)'),
  ).addHelpText(
    'after',
    examples(
      'ic-support sandbox notify post --kind incident --title "Campus Parent app errors" --body "Investigating."',
      'ic-support sandbox notify post --kind maintenance --title "Database upgrade" --starts-at 2026-12-12T04:00:00Z --ends-at 2026-12-12T08:00:00Z',
    ),
  );

export type PostOptions = OptionsOf<typeof declarePost>;
