import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';

export const declareTemplate = (c: Command) =>
  c
    .addArgument(new Argument('<case-type>', 'a case type id (see: ic-support case types)'))
    .addHelpText(
      'after',
      examples('ic-support case template application-issue > grades.yaml', 'ic-support case validate grades.yaml'),
    );

export type TemplateArguments = ArgumentsOf<typeof declareTemplate>;
