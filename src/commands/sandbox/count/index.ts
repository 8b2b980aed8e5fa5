import { defineCommand } from '../../../cli/command-tree.js';
import { declareCount } from './options.js';

export const count = defineCommand({
  name: 'count',
  summary: 'count the cases in the sandbox database',
  declare: declareCount,
  load: () => import('./run.js'),
});
