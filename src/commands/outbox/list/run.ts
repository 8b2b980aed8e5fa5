import type { CommandRun } from '../../../cli/context.js';
import { paths } from '../../../config/paths.js';
import { OutboxStore } from '../../../state/outbox.js';
import { showControlsIn } from '../../../text/show-controls.js';
import { damagedNotice } from '../../../state/state-files.js';
import { printJson } from '../../../cli/json-output.js';
import type { ListOptions } from './options.js';

export const run: CommandRun<ListOptions> = async (ctx, _args, opts) => {
  const store = new OutboxStore(paths(ctx.env).outbox);
  const entries = store.list();
  for (const d of store.takeDamaged()) ctx.io.err(damagedNotice(d, 'this outbox entry'));
  if (opts.json) {
    const data = entries.map((e) => ({
      id: e.id,
      caseType: e.body.caseType,
      subject: e.body.fields.subject ?? null,
      caseNumber: e.caseNumber ?? null,
      attachmentsWaiting: e.attachments.filter((a) => !a.uploaded).length,
      attempts: e.attempts,
      lastError: e.lastError,
      profile: e.profile,
      portalUrl: e.portalUrl,
      createdAt: e.createdAt,
      source: e.source,
    }));
    await printJson(ctx, data, opts);
    return;
  }
  if (!entries.length) {
    ctx.io.err('The outbox is empty.\n');
    return;
  }
  // A saved error may quote the portal: shown inert, as everything from outside.
  for (const e of showControlsIn(entries)) {
    const state = e.caseNumber
      ? `filed as ${e.caseNumber}, ${e.attachments.filter((a) => !a.uploaded).length} attachment(s) waiting`
      : 'waiting';
    ctx.io.out(
      `${e.id}\t${e.body.caseType}\t${String(e.body.fields.subject ?? '')}\t${state}\t${e.attempts} attempt(s): ${e.lastError}\n`,
    );
  }
};
