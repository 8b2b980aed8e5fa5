import type { CommandRun } from '../../../cli/context.js';
import { call, locate, print } from '../shared/admin-call.js';
import type { EscalateArguments, EscalateOptions } from './options.js';

export const run: CommandRun<EscalateOptions, EscalateArguments> = async (ctx, [number], opts, { command }) => {
  const t = locate(ctx, command, opts);
  const c = (await call(ctx, t, 'POST', `/sandbox/v1/cases/${encodeURIComponent(number)}/escalations`, {
    note: opts.note,
    assignToDevelopment: Boolean(opts.development),
  })) as { id: string };
  await print(
    ctx,
    t,
    c,
    `Added escalation note ${c.id} to case ${number}${opts.development ? '; it is Assigned to Development' : ''}.`,
  );
};
