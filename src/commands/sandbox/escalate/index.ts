import { defineCommand } from '../../../cli/command-tree.js';
import { declareEscalate } from './options.js';

export const escalate = defineCommand({
  name: 'escalate',
  summary: 'add an escalation note to a case; --development also marks it Assigned to Development',
  declare: declareEscalate,
  load: () => import('./run.js'),
});
