import { defineCommand } from '../../../cli/command-tree.js';
import { declareRefresh } from './options.js';

export const refresh = defineCommand({
  name: 'refresh',
  summary:
    "fetch the portal's catalog (case types, fields) and choice lists (Module, Type, Request Type) now and cache them",
  declare: declareRefresh,
  load: () => import('./run.js'),
});
