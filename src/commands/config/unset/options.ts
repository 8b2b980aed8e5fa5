import type { Command } from '@commander-js/extra-typings';
import type { ArgumentsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { keyArg } from '../options.js';

export const declareUnset = (c: Command) =>
  c.addArgument(keyArg()).addHelpText('after', examples('ic-support config unset account'));

export type UnsetArguments = ArgumentsOf<typeof declareUnset>;
