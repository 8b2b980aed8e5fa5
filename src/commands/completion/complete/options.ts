import type { Command } from '@commander-js/extra-typings';
import type { ArgumentsOf } from '../../../cli/command-tree.js';

export const declareComplete = (c: Command) => c.argument('[words...]').allowUnknownOption().helpOption(false);

export type CompleteArguments = ArgumentsOf<typeof declareComplete>;
