import { defineCommand } from '../../../../cli/command-tree.js';
import { declarePost } from './options.js';

export const post = defineCommand({
  name: 'post',
  summary: 'post a new open notification',
  declare: declarePost,
  load: () => import('./run.js'),
});
