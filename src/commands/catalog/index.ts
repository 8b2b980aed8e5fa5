/** `ic-support catalog …`: the case types, fields and lists this portal uses, as cached. */
import { defineNoun } from '../../cli/command-tree.js';
import { examples } from '../../cli/help.js';
import { refresh } from './refresh/index.js';
import { status } from './status/index.js';

export const catalogNoun = defineNoun({
  declare: (c) =>
    c.addHelpText(
      'after',
      `${examples('ic-support catalog status', 'ic-support catalog refresh', 'ic-support case fields application-issue')}
The portal is the source of truth for what the guide leaves open: its lists, fields and limits.
They are cached in the state folder per portal with the portal's version, refreshed when older than
a day or when the portal reports another version. Without a portal (or before the first fetch) the
bundled catalog applies, and a value outside its lists is only a warning: the portal will check.
`,
    ),
  verbs: [status, refresh],
});
