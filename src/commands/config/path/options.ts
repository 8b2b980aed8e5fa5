import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';

export const declarePath = (c: Command) =>
  c
    .option('--dir', 'print the state folder instead (config, credentials, drafts, outbox, caches)')
    .addHelpText('after', examples('ic-support config path', 'ls -l "$(ic-support config path --dir)"'));

export type PathOptions = OptionsOf<typeof declarePath>;
