import { defineCommand } from '../../../cli/command-tree.js';
import { declareDrafts } from './options.js';

export const drafts = defineCommand({
  name: 'drafts',
  summary: 'list the drafts of cases not yet filed (kept on Ctrl-C, Save draft, or a failure)',
  declare: declareDrafts,
  load: () => import('./run.js'),
});
