/** `ic-support sandbox notify …`: the Notifications page's notifications, as the vendor posts them. */
import type { CommandSpec } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { addUpdate } from './add-update/index.js';
import { close } from './close/index.js';
import { post } from './post/index.js';
import { update } from './update/index.js';

export const notify: CommandSpec = {
  name: 'notify',
  summary: 'post, update and close status notifications (incidents, maintenance)',
  declare: (n) =>
    n.addHelpText(
      'after',
      examples(
        'ic-support sandbox notify post --kind incident --title "Campus Parent app errors"',
        'ic-support sandbox notify close ntf_1a2b --body "Fixed."',
      ),
    ),
  verbs: [post, update, addUpdate, close],
};
