import { defineCommand } from '../../../cli/command-tree.js';
import { declareTemplate } from './options.js';

export const template = defineCommand({
  name: 'template',
  summary: 'print a commented YAML case file to fill in, for a case type',
  declare: declareTemplate,
  load: () => import('./run.js'),
});
