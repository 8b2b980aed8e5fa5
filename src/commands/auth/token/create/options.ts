import { Option, type Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../../cli/command-tree.js';
import { examples } from '../../../../cli/help.js';
import { jqOption, jsonOption } from '../../../../cli/json-flags.js';

/** The life a token gets when --expires-in is not given (the contract's default, TokenCreate). */
export const DEFAULT_DAYS = 90;

export const declareCreate = (c: Command) =>
  c
    .requiredOption('--name <name>', 'what the token is for (shown by auth token list)')
    .option(
      '--expires-in <days>',
      `days until it expires (default ${DEFAULT_DAYS}; the longest is the portal's: 365 in the sandbox)`,
    )
    .addOption(
      new Option('--scope <scope>', 'read: only reads; file: whatever you may do (file, comment, attach)')
        .choices(['read', 'file'] as const)
        .default('read' as const),
    )
    .addOption(jsonOption('the token and its details', undefined, 'id,token'))
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support auth token create --name "nightly report"', 'ic-support auth token create --name ci-filing --scope file --expires-in 30')}The token goes to standard output, alone on its line: store it where the job keeps secrets
and give it to the job as IC_SUPPORT_TOKEN. It is not stored on this machine, and the portal
shows it only this once.
`,
    );

export type CreateOptions = OptionsOf<typeof declareCreate>;
