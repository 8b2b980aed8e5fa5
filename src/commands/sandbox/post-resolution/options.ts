import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { adminTarget } from '../shared/admin-target.js';

export const declarePostResolution = (c: Command) =>
  adminTarget(
    c.addArgument(new Argument('<number>', 'the case number')).requiredOption('--resolution <text>', 'the resolution'),
  ).addHelpText(
    'after',
    examples(
      'ic-support sandbox post-resolution 1002 --resolution "Use the Attendance Register report: it has year-to-date totals."',
    ),
  );

export type PostResolutionOptions = OptionsOf<typeof declarePostResolution>;
export type PostResolutionArguments = ArgumentsOf<typeof declarePostResolution>;
