/** `ic-support catalog refresh`: fetch the portal's catalog and picklists now. */
import type { CommandRun } from '../../../cli/context.js';
import { showControls } from '../../../text/show-controls.js';
import { UsageError } from '../../../errors.js';
import { describe } from '../describe.js';
import type { RefreshOptions } from './options.js';
import { loadCatalog, portalIdentity } from '../load.js';
import { printJson } from '../../../cli/json-output.js';

export const run: CommandRun<RefreshOptions> = async (ctx, _args, opts) => {
  if (!(await portalIdentity(ctx))) {
    throw new UsageError(
      'No portal is set: there is no catalog to fetch; the bundled one applies.',
      'Set one with: ic-support config set portalUrl https://… (or use --sandbox).',
    );
  }
  const loaded = await loadCatalog(ctx, { refresh: 'always' });
  const d = describe(ctx, loaded);
  if (opts.json) await printJson(ctx, d.json, opts);
  else {
    ctx.io.err(`Fetched the catalog of ${loaded.portalUrl}.\n`);
    ctx.io.out(showControls(d.text));
  }
};
