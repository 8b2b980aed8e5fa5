import { defineCommand } from '../../../cli/command-tree.js';
import { declareResetPassword } from './options.js';

export const resetPassword = defineCommand({
  name: 'reset-password',
  summary: 'forgot your password: have a reset token emailed, then set a new password with it',
  declare: declareResetPassword,
  load: () => import('./run.js'),
});
