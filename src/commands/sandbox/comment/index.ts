import { defineCommand } from '../../../cli/command-tree.js';
import { declareComment } from './options.js';

export const comment = defineCommand({
  name: 'comment',
  summary: 'add a comment from Infinite Campus to a case',
  declare: declareComment,
  load: () => import('./run.js'),
});
