/** `ic-support outbox …`: the cases that wait to be sent (the portal could not be reached). */
import { defineNoun } from '../../cli/command-tree.js';
import { examples } from '../../cli/help.js';
import { drop } from './drop/index.js';
import { list } from './list/index.js';
import { send } from './send/index.js';

export const outboxNoun = defineNoun({
  declare: (o) =>
    o.addHelpText(
      'after',
      `${examples('ic-support outbox list', 'ic-support outbox send', 'ic-support outbox drop o-20261128-1a2b3c4d')}
A submission that cannot reach the portal (network errors, 5xx or 429 after retries) waits in
the outbox (a folder on this computer) with copies of its attachments and its idempotency key (the
unique key by which the portal recognizes a case it has already filed): sending it never files it
twice.
`,
    ),
  verbs: [list, send, drop],
});
