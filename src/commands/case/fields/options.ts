import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareFields = (c: Command) =>
  c
    .addArgument(new Argument('<case-type>', 'a case type id (see: ic-support case types)'))
    .addOption(jsonOption("the case type's fields"))
    .addOption(jqOption())
    .addHelpText(
      'after',
      examples('ic-support case fields application-issue', 'ic-support case fields modify-support-contacts --json'),
    );

export type FieldsOptions = OptionsOf<typeof declareFields>;
export type FieldsArguments = ArgumentsOf<typeof declareFields>;
