import { defineCommand } from '../../../cli/command-tree.js';
import { declareComment } from './options.js';

export const comment = defineCommand({
  name: 'comment',
  summary: 'add a comment to a case (from --body, a file, standard input or your editor)',
  declare: declareComment,
  load: () => import('./run.js'),
});
