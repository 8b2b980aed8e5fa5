import { defineCommand } from '../../../cli/command-tree.js';
import { declareSet } from './options.js';

export const set = defineCommand({
  name: 'set',
  summary: 'change one setting of the profile',
  declare: declareSet,
  load: () => import('./run.js'),
});
