import type { Command } from '@commander-js/extra-typings';
import { examples } from '../../../cli/help.js';

export const declareLogout = (c: Command) =>
  c.addHelpText('after', examples('ic-support logout', 'ic-support logout --profile staging'));
