import { defineCommand } from '../../../cli/command-tree.js';
import { declareSend } from './options.js';

export const send = defineCommand({
  name: 'send',
  summary: 'send every waiting case (or the ones named): each is filed exactly once',
  declare: declareSend,
  load: () => import('./run.js'),
});
