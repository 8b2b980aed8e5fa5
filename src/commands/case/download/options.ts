import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareDownload = (c: Command) =>
  c
    .addArgument(new Argument('<number>', 'the case number'))
    .addArgument(new Argument('[attachment]', 'the attachment id or file name (default: all of them)'))
    .option('--dir <folder>', 'where to save them (default: the current folder)')
    .option('--force', 'replace files that already exist')
    .addOption(jsonOption('what was saved', ['id', 'filename', 'path', 'bytes']))
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support case download 1042', 'ic-support case download 1042 export.csv --dir ~/Downloads', 'ic-support case download 1042 att_ab12cd --force')}
Names are made safe: an attachment never lands outside the folder. Existing files are kept
(exit 6) unless --force.
`,
    );

export type DownloadOptions = OptionsOf<typeof declareDownload>;
export type DownloadArguments = ArgumentsOf<typeof declareDownload>;
