import { defineCommand } from '../../../cli/command-tree.js';
import { declarePath } from './options.js';

export const path = defineCommand({
  name: 'path',
  summary: 'print where the config file is (with --dir: the folder that holds all state)',
  declare: declarePath,
  load: () => import('./run.js'),
});
