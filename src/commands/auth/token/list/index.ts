/** `ic-support auth token list`: your personal access tokens, without their values. */
import { defineCommand } from '../../../../cli/command-tree.js';
import { declareList } from './options.js';

export const list = defineCommand({
  name: 'list',
  aliases: ['ls'],
  summary: 'list your personal access tokens (never their values)',
  declare: declareList,
  load: () => import('./run.js'),
});
