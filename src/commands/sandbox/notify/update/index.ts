import { defineCommand } from '../../../../cli/command-tree.js';
import { declareUpdate } from './options.js';

export const update = defineCommand({
  name: 'update',
  summary: "change a notification's title, status or window",
  declare: declareUpdate,
  load: () => import('./run.js'),
});
