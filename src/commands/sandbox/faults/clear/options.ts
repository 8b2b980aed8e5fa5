import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../../cli/command-tree.js';
import { examples } from '../../../../cli/help.js';
import { adminTarget } from '../../shared/admin-target.js';

export const declareClear = (c: Command) =>
  adminTarget(c).addHelpText('after', examples('ic-support sandbox faults clear'));

export type ClearOptions = OptionsOf<typeof declareClear>;
