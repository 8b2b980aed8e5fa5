import { defineCommand } from '../../../cli/command-tree.js';
import { declareShow } from './options.js';

export const show = defineCommand({
  name: 'show',
  aliases: ['view'],
  summary: "show a case as the portal's Case Details, with its comments and attachments",
  declare: declareShow,
  load: () => import('./run.js'),
});
