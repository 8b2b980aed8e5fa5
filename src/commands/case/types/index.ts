import { defineCommand } from '../../../cli/command-tree.js';
import { declareTypes } from './options.js';

export const types = defineCommand({
  name: 'types',
  summary:
    "list the case types with their descriptions and examples (the portal's, as cached; the bundled ten offline)",
  declare: declareTypes,
  load: () => import('./run.js'),
});
