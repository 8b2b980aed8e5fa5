import { defineCommand } from '../../../cli/command-tree.js';
import { declareDrop } from './options.js';

export const drop = defineCommand({
  name: 'drop',
  summary: 'delete a waiting case without sending it',
  declare: declareDrop,
  load: () => import('./run.js'),
});
