/** `ic-support auth status`, also the top-level shortcut `ic-support whoami` (src/cli/program.ts). */
import { defineCommand } from '../../../cli/command-tree.js';
import { declareStatus } from './options.js';

export const status = defineCommand({
  name: 'status',
  summary: 'who is signed in: name, role, districts, profile, where the token came from and when it expires',
  declare: declareStatus,
  load: () => import('./run.js'),
});
