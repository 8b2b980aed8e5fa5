import { defineCommand } from '../../../cli/command-tree.js';
import { declareAttach } from './options.js';

export const attach = defineCommand({
  name: 'attach',
  summary: "attach files to a case (each within the portal's size limit; all are checked before any is sent)",
  declare: declareAttach,
  load: () => import('./run.js'),
});
