import { defineCommand } from '../../../cli/command-tree.js';
import { declareList } from './options.js';

export const list = defineCommand({
  name: 'list',
  aliases: ['ls'],
  summary: 'list your cases, most recently changed first (open ones by default)',
  declare: declareList,
  load: () => import('./run.js'),
});
