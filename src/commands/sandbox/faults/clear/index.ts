import { defineCommand } from '../../../../cli/command-tree.js';
import { declareClear } from './options.js';

export const clear = defineCommand({
  name: 'clear',
  summary: 'stop injecting faults',
  declare: declareClear,
  load: () => import('./run.js'),
});
