import { defineCommand } from '../../../cli/command-tree.js';
import { declareMailbox } from './options.js';

export const mailbox = defineCommand({
  name: 'mailbox',
  summary: 'show the emails the portal sent (activation and password-reset tokens)',
  declare: declareMailbox,
  load: () => import('./run.js'),
});
