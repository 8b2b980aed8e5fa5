import type { CommandRun } from '../../../cli/context.js';
import { ExitCode, NotFoundError, PartialFailureError, type ExitCodeValue, type ItemFailure } from '../../../errors.js';
import { paths } from '../../../config/paths.js';
import { OutboxStore } from '../../../state/outbox.js';
import { damagedNotice } from '../../../state/state-files.js';
import { sendEntry } from '../../../delivery/deliver.js';
import { followUpFinder } from '../../case/submit/follow-up.js';
import { printJsonLine } from '../../../cli/json-output.js';
import type { SendArguments, SendOptions } from './options.js';

export const run: CommandRun<SendOptions, SendArguments> = async (ctx, [ids], opts) => {
  const store = new OutboxStore(paths(ctx.env).outbox, () => ctx.clock.now());
  let entries = store.list();
  // A damaged entry is set aside and reported; the others are sent as usual.
  const damaged = store.takeDamaged();
  for (const d of damaged) ctx.io.err(damagedNotice(d, 'this outbox entry'));
  if (ids?.length) {
    for (const id of ids)
      if (!entries.some((e) => e.id === id))
        throw new NotFoundError(`No outbox entry "${id}".`, 'List them with: ic-support outbox list');
    entries = entries.filter((e) => ids.includes(e.id));
  }
  if (!entries.length) {
    ctx.io.err(
      `The outbox is empty: nothing to send${damaged.length ? ` (${damaged.length} damaged, set aside)` : ''}.\n`,
    );
    return damaged.length ? ExitCode.usage : ExitCode.ok;
  }
  const settings = await ctx.settings();
  const portalUrl = settings.portalUrl?.value;
  const portal = await ctx.portal();
  let code: ExitCodeValue = ExitCode.ok;
  const failures: ItemFailure[] = [];
  const out = async (o: Record<string, unknown>, text: string): Promise<void> =>
    opts.json ? printJsonLine(ctx, o, opts) : ctx.io.out(`${text}\n`);
  const followUp = followUpFinder(ctx);
  let sent = 0;
  let waiting = 0;
  for (const e of entries) {
    if (e.portalUrl && portalUrl && e.portalUrl !== portalUrl) {
      waiting++;
      await out(
        { id: e.id, status: 'skipped', reason: `queued for ${e.portalUrl}` },
        `${e.id}\tskipped\tqueued for ${e.portalUrl} (profile ${e.profile}); send it with that profile`,
      );
      continue;
    }
    const r = await ctx.io.wait(`Sending ${e.id}`, sendEntry(portal, store, e));
    if (r.status === 'sent') {
      sent++;
      // A Critical case filed late still asks for the phone call: a field in --json, a line on stderr otherwise.
      const call = await followUp(r.case, e.body);
      await out(
        {
          id: e.id,
          status: r.replayed ? 'already filed' : 'filed',
          number: r.case.number,
          url: r.case.url,
          ...(call ? { followUp: call } : {}),
        },
        `${e.id}\t${r.replayed ? 'already filed' : 'filed'}\t${r.case.number}\t${r.case.url}`,
      );
      if (call && !opts.json) ctx.io.err(`${e.id}: ${call.instruction}\n`);
    } else if (r.status === 'still-queued') {
      waiting++;
      await out({ id: e.id, status: 'queued', reason: r.reason }, `${e.id}\tstill queued\t${r.reason}`);
    } else if (r.status === 'busy') {
      waiting++;
      await out({ id: e.id, status: 'busy' }, `${e.id}\tbusy\tanother ic-support process is sending it`);
    } else {
      await out({ id: e.id, status: 'failed', error: r.error.message }, `${e.id}\tfailed\t${r.error.message}`);
      if (code === ExitCode.ok) code = r.error.exitCode;
      // Sign-in and permission problems hold for every entry: stop and keep the rest.
      const stop = r.error.exitCode === ExitCode.auth || r.error.exitCode === ExitCode.permission;
      failures.push({ item: e.id, message: r.error.message, hint: stop ? r.error.hint : undefined });
      if (stop) break;
    }
  }
  const left = store.list().length;
  ctx.io.err(
    `Outbox: ${sent} sent, ${left} still waiting${damaged.length ? `, ${damaged.length} damaged (set aside)` : ''}.\n`,
  );
  if (failures.length)
    throw new PartialFailureError(
      `${failures.length} outbox entr${failures.length === 1 ? 'y' : 'ies'} could not be sent; ${left} still waiting.`,
      failures,
      code,
      'Fix what each says and run: ic-support outbox send',
    );
  if (damaged.length) return ExitCode.usage;
  return waiting ? ExitCode.queued : ExitCode.ok;
};
