/** `ic-support auth token create`: a personal access token, shown once. */
import { defineCommand } from '../../../../cli/command-tree.js';
import { declareCreate } from './options.js';

export const create = defineCommand({
  name: 'create',
  summary: 'create a personal access token (printed once, on standard output)',
  declare: declareCreate,
  load: () => import('./run.js'),
});
