import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../../cli/command-tree.js';
import { examples } from '../../../../cli/help.js';
import { adminTarget } from '../../shared/admin-target.js';

export const declareUpdate = (c: Command) =>
  adminTarget(
    c
      .addArgument(new Argument('<id>', 'the notification id'))
      .option('--title <text>', 'the title')
      .option('--status <text>', 'status text')
      .option('--starts-at <time>', 'start (ISO 8601)')
      .option('--ends-at <time>', 'end (ISO 8601)'),
  ).addHelpText('after', examples('ic-support sandbox notify update ntf_1a2b --status Monitoring'));

export type UpdateOptions = OptionsOf<typeof declareUpdate>;
export type UpdateArguments = ArgumentsOf<typeof declareUpdate>;
