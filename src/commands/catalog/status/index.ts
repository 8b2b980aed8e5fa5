import { defineCommand } from '../../../cli/command-tree.js';
import { declareStatus } from './options.js';

export const status = defineCommand({
  name: 'status',
  summary: 'show which catalog is in use: the portal and version cached, its age, the lists',
  declare: declareStatus,
  load: () => import('./run.js'),
});
