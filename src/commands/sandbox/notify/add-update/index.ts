import { defineCommand } from '../../../../cli/command-tree.js';
import { declareAddUpdate } from './options.js';

export const addUpdate = defineCommand({
  name: 'add-update',
  summary: 'add a timestamped update to a notification',
  declare: declareAddUpdate,
  load: () => import('./run.js'),
});
