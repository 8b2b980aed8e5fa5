import { defineCommand } from '../../../cli/command-tree.js';
import { declareList } from './options.js';

export const list = defineCommand({
  name: 'list',
  summary: 'list the waiting cases',
  declare: declareList,
  load: () => import('./run.js'),
});
