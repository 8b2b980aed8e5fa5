import { defineCommand } from '../../../cli/command-tree.js';
import { declareResolve } from './options.js';

export const resolve = defineCommand({
  name: 'resolve',
  summary: 'close a case with a resolution',
  declare: declareResolve,
  load: () => import('./run.js'),
});
