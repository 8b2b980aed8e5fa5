/** `ic-support auth token revoke ID`: the token stops working at once. */
import { defineCommand } from '../../../../cli/command-tree.js';
import { declareRevoke } from './options.js';

export const revoke = defineCommand({
  name: 'revoke',
  summary: 'revoke a personal access token (its id, from auth token list)',
  declare: declareRevoke,
  load: () => import('./run.js'),
});
