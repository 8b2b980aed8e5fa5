import { defineCommand } from '../../../cli/command-tree.js';
import { declareUnset } from './options.js';

export const unset = defineCommand({
  name: 'unset',
  summary: 'remove one setting of the profile',
  declare: declareUnset,
  load: () => import('./run.js'),
});
