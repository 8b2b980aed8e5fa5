import { defineCommand } from '../../../cli/command-tree.js';
import { declareClose } from './options.js';

export const close = defineCommand({
  name: 'close',
  summary: 'close a case: after verifying a posted resolution (Pending), or when the issue is gone',
  declare: declareClose,
  load: () => import('./run.js'),
});
