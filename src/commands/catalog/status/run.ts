/** `ic-support catalog status`: which catalog this profile uses, and from where. */
import type { CommandRun } from '../../../cli/context.js';
import { printJson } from '../../../cli/json-output.js';
import { showControls } from '../../../text/show-controls.js';
import { describe } from '../describe.js';
import { loadCatalog } from '../load.js';
import type { StatusOptions } from './options.js';

export const run: CommandRun<StatusOptions> = async (ctx, _args, opts) => {
  const d = describe(ctx, await loadCatalog(ctx));
  if (opts.json) await printJson(ctx, d.json, opts);
  else ctx.io.out(showControls(d.text));
};
