import { defineCommand } from '../../../cli/command-tree.js';
import { declareClock } from './options.js';

export const clock = defineCommand({
  name: 'clock',
  summary: 'show the sandbox clock, or move it forward (3x10 follow-ups and closes, the 60-day reopen window)',
  declare: declareClock,
  load: () => import('./run.js'),
});
