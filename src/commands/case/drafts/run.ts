import type { CommandRun } from '../../../cli/context.js';
import { paths } from '../../../config/paths.js';
import { DraftStore } from '../../../state/drafts.js';
import { damagedNotice } from '../../../state/state-files.js';
import { formatPortalTime, userTimeZone } from '../../../domain/time-zone.js';
import { printJson } from '../../../cli/json-output.js';
import type { DraftsOptions } from './options.js';

export const run: CommandRun<DraftsOptions> = async (ctx, _args, opts) => {
  const store = new DraftStore(paths(ctx.env).drafts);
  if (opts.delete) {
    store.get(opts.delete);
    store.remove(opts.delete);
    ctx.io.err(`Deleted draft ${opts.delete}.\n`);
    return;
  }
  const list = store.list();
  for (const d of store.takeDamaged()) ctx.io.err(damagedNotice(d, 'this draft'));
  if (opts.json) {
    await printJson(
      ctx,
      list.map((d) => ({
        id: d.id,
        caseType: d.caseType,
        subject: d.values.subject ?? null,
        reason: d.reason,
        updatedAt: d.updatedAt,
      })),
      opts,
    );
    return;
  }
  if (!list.length) {
    ctx.io.err('No drafts.\n');
    return;
  }
  const tz = userTimeZone(ctx.env);
  for (const d of list) {
    const subject = typeof d.values.subject === 'string' ? d.values.subject : '(no subject yet)';
    ctx.io.out(
      `${d.id}\t${d.caseType ?? '(no type yet)'}\t${formatPortalTime(d.updatedAt, tz)}\t${subject}\t${d.reason}\n`,
    );
  }
  if (ctx.io.stdoutIsTTY) ctx.io.err('Resume one with: ic-support case submit --draft <id>\n');
};
