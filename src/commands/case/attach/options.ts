import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareAttach = (c: Command) =>
  c
    .addArgument(new Argument('<number>', 'the case number'))
    .addArgument(new Argument('<files...>', 'the files to attach'))
    .addOption(
      jsonOption('the created attachments', ['id', 'filename', 'size', 'contentType', 'createdAt', 'createdBy']),
    )
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support case attach 1042 screenshot.png export.csv')}
Exit 0 when every file was attached; 2 when a file is missing, unreadable or too large
(nothing is sent); otherwise the exit code of the first failure, after trying every file.
`,
    );

export type AttachOptions = OptionsOf<typeof declareAttach>;
export type AttachArguments = ArgumentsOf<typeof declareAttach>;
