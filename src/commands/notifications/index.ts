/**
 * `ic-support notifications`: is Campus down, or is it just us? The noun is a command itself (the
 * listing, --check, --watch, --ics: ./options.ts, ./run.ts) and has one verb, show. No sign-in.
 */
import { defineNoun } from '../../cli/command-tree.js';
import { declareNotifications } from './options.js';
import { show } from './show/index.js';

export const notificationsNoun = defineNoun({
  declare: declareNotifications,
  load: () => import('./run.js'),
  verbs: [show],
});
