import { defineCommand } from '../../../cli/command-tree.js';
import { declareValidate } from './options.js';

export const validate = defineCommand({
  name: 'validate',
  summary: 'check a YAML or JSON case file offline and list every problem',
  declare: declareValidate,
  load: () => import('./run.js'),
});
