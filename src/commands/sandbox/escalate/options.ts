import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { adminTarget } from '../shared/admin-target.js';

export const declareEscalate = (c: Command) =>
  adminTarget(
    c
      .addArgument(new Argument('<number>', 'the case number'))
      .requiredOption('--note <text>', 'the note the contact reads')
      .option('--development', 'a confirmed product defect: set the status to Assigned to Development'),
  ).addHelpText(
    'after',
    examples(
      'ic-support sandbox escalate 1002 --note "Escalated to the Attendance team."',
      'ic-support sandbox escalate 1002 --note "Confirmed defect, linked to development." --development',
    ),
  );

export type EscalateOptions = OptionsOf<typeof declareEscalate>;
export type EscalateArguments = ArgumentsOf<typeof declareEscalate>;
