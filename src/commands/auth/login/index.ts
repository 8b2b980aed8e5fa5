/** `ic-support auth login`, also the top-level shortcut `ic-support login` (src/cli/program.ts). */
import { defineCommand } from '../../../cli/command-tree.js';
import { declareLogin } from './options.js';

export const login = defineCommand({
  name: 'login',
  summary: 'sign in to the portal and store a token for this profile (never the password)',
  declare: declareLogin,
  load: () => import('./run.js'),
});
