import { defineCommand } from '../../../cli/command-tree.js';
import { declareReopen } from './options.js';

export const reopen = defineCommand({
  name: 'reopen',
  summary: 'reopen a closed case (within 60 days of closing), giving the additional details',
  declare: declareReopen,
  load: () => import('./run.js'),
});
