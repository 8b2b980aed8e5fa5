import { defineCommand } from '../../../cli/command-tree.js';
import { declareRefresh } from './options.js';

export const refresh = defineCommand({
  name: 'refresh',
  summary: "fetch the portal's catalog and picklists now and cache them",
  declare: declareRefresh,
  load: () => import('./run.js'),
});
