import { defineCommand } from '../../../../cli/command-tree.js';
import { declareShow } from './options.js';

export const show = defineCommand({
  name: 'show',
  summary: 'show the fault settings and what was injected',
  declare: declareShow,
  load: () => import('./run.js'),
});
