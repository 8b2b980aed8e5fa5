import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';

export const declarePath = (c: Command) =>
  c
    .option('--dir', 'print the config folder instead (settings and credentials)')
    .option(
      '--all',
      'print each part and its place, a tab between: config, settings, credentials, data, drafts, outbox, sandbox, cache',
    )
    .addHelpText(
      'after',
      examples('ic-support config path', 'ls -l "$(ic-support config path --dir)"', 'ic-support config path --all'),
    );

export type PathOptions = OptionsOf<typeof declarePath>;
