/** `ic-support catalog …`: the case types, fields and lists this portal uses, as cached. */
import type { Declare } from '../../cli/program.js';
import { addExamples, examples } from '../../cli/help.js';
import { jqOption, jsonOption } from '../../cli/json-flags.js';

export const declareCatalog: Declare = (c, lazy) => {
  c.addHelpText(
    'after',
    `${examples('ic-support catalog status', 'ic-support catalog refresh', 'ic-support case fields application-issue')}
The portal is the source of truth for what the guide leaves open: its lists, fields and limits.
They are cached in the state folder per portal with the portal's version, refreshed when older than
a day or when the portal reports another version. Without a portal (or before the first fetch) the
bundled catalog applies, and a value outside its lists is only a warning: the portal will check.
`,
  );

  c.command('status')
    .description('show which catalog is in use: the portal and version cached, its age, the lists')
    .addOption(
      jsonOption('the catalog in use', [
        'source',
        'portalUrl',
        'version',
        'fetchedAt',
        'etag',
        'stale',
        'fromPortal',
        'types',
        'lists',
        'limits',
        'notInBundled',
      ]),
    )
    .addOption(jqOption())
    .action(lazy(() => import('./status.js')));

  c.command('refresh')
    .description("fetch the portal's catalog and picklists now and cache them")
    .addOption(
      jsonOption('the catalog in use', [
        'source',
        'portalUrl',
        'version',
        'fetchedAt',
        'etag',
        'stale',
        'fromPortal',
        'types',
        'lists',
        'limits',
        'notInBundled',
      ]),
    )
    .addOption(jqOption())
    .action(lazy(() => import('./refresh.js')));

  addExamples(c, {
    status: ['ic-support catalog status', 'ic-support catalog status --json | jq .lists.module'],
    refresh: ['ic-support catalog refresh', 'ic-support --sandbox catalog refresh'],
  });
};
