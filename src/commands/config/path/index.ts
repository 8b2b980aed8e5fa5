import { defineCommand } from '../../../cli/command-tree.js';
import { declarePath } from './options.js';

export const path = defineCommand({
  name: 'path',
  summary: 'print where the config file is (--dir: its folder; --all: where each part of the state lives)',
  declare: declarePath,
  load: () => import('./run.js'),
});
