import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';

export const declareDrop = (c: Command) =>
  c
    .addArgument(new Argument('<id>', 'the entry (see: ic-support outbox list)'))
    .addHelpText('after', examples('ic-support outbox drop o-20261128-1a2b3c4d'));

export type DropArguments = ArgumentsOf<typeof declareDrop>;
