import { defineCommand } from '../../../cli/command-tree.js';
import { declareLint } from './options.js';

export const lint = defineCommand({
  name: 'lint',
  summary: "check a case file against the guide's advice for a good case (warns, never blocks)",
  declare: declareLint,
  load: () => import('./run.js'),
});
