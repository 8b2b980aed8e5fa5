import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { adminTarget } from '../shared/admin-target.js';

export const declareResolve = (c: Command) =>
  adminTarget(
    c.addArgument(new Argument('<number>', 'the case number')).requiredOption('--resolution <text>', 'the resolution'),
  ).addHelpText('after', examples('ic-support sandbox resolve 1002 --resolution "Restored from the nightly backup."'));

export type ResolveOptions = OptionsOf<typeof declareResolve>;
export type ResolveArguments = ArgumentsOf<typeof declareResolve>;
