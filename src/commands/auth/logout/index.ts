/** `ic-support auth logout`, also the top-level shortcut `ic-support logout` (src/cli/program.ts). */
import { defineCommand } from '../../../cli/command-tree.js';
import { declareLogout } from './options.js';

export const logout = defineCommand({
  name: 'logout',
  summary: 'revoke the token at the portal and remove it from this profile',
  declare: declareLogout,
  load: () => import('./run.js'),
});
