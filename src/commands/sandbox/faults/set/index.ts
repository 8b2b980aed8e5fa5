import { defineCommand } from '../../../../cli/command-tree.js';
import { declareSet } from './options.js';

export const set = defineCommand({
  name: 'set',
  summary: 'replace the fault settings (rates are shares from 0 to 1)',
  declare: declareSet,
  load: () => import('./run.js'),
});
