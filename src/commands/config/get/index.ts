import { defineCommand } from '../../../cli/command-tree.js';
import { declareGet } from './options.js';

export const get = defineCommand({
  name: 'get',
  summary: "print one setting's value (exit 5 when it is not set)",
  declare: declareGet,
  load: () => import('./run.js'),
});
