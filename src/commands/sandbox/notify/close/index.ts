import { defineCommand } from '../../../../cli/command-tree.js';
import { declareClose } from './options.js';

export const close = defineCommand({
  name: 'close',
  summary: 'close a notification (Resolved / Completed)',
  declare: declareClose,
  load: () => import('./run.js'),
});
