/** `ic-support __complete <words…>`: the candidates the completion scripts offer (hidden). */
import { defineCommand } from '../../../cli/command-tree.js';
import { declareComplete } from './options.js';

export const complete = defineCommand({
  name: '__complete',
  hidden: true,
  declare: declareComplete,
  load: () => import('./run.js'),
});
