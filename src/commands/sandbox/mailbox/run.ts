import type { CommandRun } from '../../../cli/context.js';
import { formatPortalTime, userTimeZone } from '../../../domain/time-zone.js';
import { call, locate, print } from '../shared/admin-call.js';
import type { MailboxOptions } from './options.js';

/** An email the sandbox "sent" (kept in its database instead). */
interface Mail {
  to: string;
  kind: string;
  subject: string;
  token: string;
  createdAt: string;
}

export const run: CommandRun<MailboxOptions> = async (ctx, _args, opts, { command }) => {
  const t = locate(ctx, command, opts);
  const data = (await call(
    ctx,
    t,
    'GET',
    `/sandbox/v1/mailbox${opts.to ? `?to=${encodeURIComponent(opts.to)}` : ''}`,
  )) as { messages: Mail[] };
  if (t.json) return await print(ctx, t, data, '');
  if (!data.messages.length) return void ctx.io.out('The mailbox is empty.\n');
  const tz = userTimeZone(ctx.env);
  for (const m of data.messages)
    ctx.io.out(`${formatPortalTime(m.createdAt, tz)}  ${m.kind}  to ${m.to}\n  ${m.subject}\n  token: ${m.token}\n`);
};
