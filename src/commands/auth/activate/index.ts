import { defineCommand } from '../../../cli/command-tree.js';
import { declareActivate } from './options.js';

export const activate = defineCommand({
  name: 'activate',
  summary: 'first sign-in: have an activation token emailed, then confirm the account and set a password',
  declare: declareActivate,
  load: () => import('./run.js'),
});
