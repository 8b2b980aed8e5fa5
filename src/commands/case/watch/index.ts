import { defineCommand } from '../../../cli/command-tree.js';
import { declareWatch } from './options.js';

export const watch = defineCommand({
  name: 'watch',
  summary: 'for cron: print what changed on your cases since the last run',
  declare: declareWatch,
  load: () => import('./run.js'),
});
