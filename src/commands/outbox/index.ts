/** `ic-support outbox …`: the cases that wait to be sent (the portal could not be reached). */
import { Argument } from 'commander';
import type { Declare } from '../../cli/program.js';
import { addExamples, examples } from '../../cli/help.js';
import { jqOption, jsonOption } from '../../cli/json-flags.js';

export const declareOutbox: Declare = (o, lazy) => {
  o.addHelpText(
    'after',
    `${examples('ic-support outbox list', 'ic-support outbox send', 'ic-support outbox drop o-20261128-1a2b3c4d')}
A submission that cannot reach the portal (network errors, 5xx or 429 after retries) waits here
with copies of its attachments and its idempotency key: sending it never files it twice.
`,
  );

  o.command('list')
    .description('list the waiting cases')
    .addOption(
      jsonOption('the waiting cases', [
        'id',
        'caseType',
        'subject',
        'caseNumber',
        'attachmentsWaiting',
        'attempts',
        'lastError',
        'profile',
        'portalUrl',
        'createdAt',
        'source',
      ]),
    )
    .addOption(jqOption())
    .action(lazy(() => import('./list.js')));

  o.command('send')
    .description('send every waiting case (or the ones named): each is filed exactly once')
    .addArgument(new Argument('[id...]', 'only these entries'))
    .addOption(
      jsonOption('one result per line (NDJSON)', ['id', 'status', 'number', 'url', 'followUp', 'reason', 'error']),
    )
    .addOption(jqOption())
    .addHelpText(
      'after',
      `
Exit 0 when everything was sent, 9 when some still wait (the portal is still unreachable),
or the error's own code (e.g. 3 when the sign-in expired: run ic-support login, then send again).
A damaged entry (a truncated file) is moved to the outbox's damaged/ folder, named, and the
others are sent; the exit code is then 2.
`,
    )
    .action(lazy(() => import('./send.js')));

  o.command('drop')
    .description('delete a waiting case without sending it')
    .addArgument(new Argument('<id>', 'the entry (see: ic-support outbox list)'))
    .action(lazy(() => import('./drop.js')));
  addExamples(o, {
    list: ['ic-support outbox list', 'ic-support outbox list --json'],
    send: ['ic-support outbox send', 'ic-support outbox send o-20261128-1a2b3c4d --json'],
    drop: ['ic-support outbox drop o-20261128-1a2b3c4d'],
  });
};
