import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareShow = (c: Command) =>
  c
    .addArgument(new Argument('<number>', 'the case number (00001042 or 1042)'))
    .option('-w, --web', 'open the case in the browser (prints its URL where there is no display)')
    .addOption(jsonOption('the case, its comments and attachments', undefined, 'number,status,resolution'))
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support case show 00001042', 'ic-support case view 1042 --json status,resolution', 'ic-support case show 1042 --jq .resolution', 'ic-support case show 1042 --web')}
Times are shown in your time zone (TZ, or IC_SUPPORT_TZ=America/Chicago).
`,
    );

export type ShowOptions = OptionsOf<typeof declareShow>;
export type ShowArguments = ArgumentsOf<typeof declareShow>;
