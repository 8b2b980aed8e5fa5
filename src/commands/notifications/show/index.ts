import { defineCommand } from '../../../cli/command-tree.js';
import { declareShow } from './options.js';

export const show = defineCommand({
  name: 'show',
  summary: 'one notification with the whole timeline of its updates, newest first',
  declare: declareShow,
  load: () => import('./run.js'),
});
