import { defineCommand } from '../../../cli/command-tree.js';
import { declareFields } from './options.js';

export const fields = defineCommand({
  name: 'fields',
  summary: "list a case type's fields: key, label, kind, required, default, choices, help",
  declare: declareFields,
  load: () => import('./run.js'),
});
