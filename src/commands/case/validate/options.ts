import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareValidate = (c: Command) =>
  c
    .addArgument(new Argument('<file>', 'the case file; - reads standard input'))
    .addOption(jsonOption('the result'))
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support case validate outage.yaml', 'cat case.json | ic-support case validate -')}
A case file names its caseType and gives fields by key (see: ic-support case fields <type>).
Editors can check it with schemas/case-file.schema.json. Exit 0 when valid, 2 with every problem.
`,
    );

export type ValidateOptions = OptionsOf<typeof declareValidate>;
export type ValidateArguments = ArgumentsOf<typeof declareValidate>;
