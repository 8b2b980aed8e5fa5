import { defineCommand } from '../../../cli/command-tree.js';
import { declarePostResolution } from './options.js';

export const postResolution = defineCommand({
  name: 'post-resolution',
  summary: 'post a written resolution: the case goes to Pending for the contact to verify (3x10 starts)',
  declare: declarePostResolution,
  load: () => import('./run.js'),
});
