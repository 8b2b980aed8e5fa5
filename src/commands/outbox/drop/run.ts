import type { CommandRun } from '../../../cli/context.js';
import { NotFoundError } from '../../../errors.js';
import { paths } from '../../../config/paths.js';
import { OutboxStore } from '../../../state/outbox.js';
import { damagedNotice } from '../../../state/state-files.js';
import type { DropArguments } from './options.js';

export const run: CommandRun<object, DropArguments> = async (ctx, [id]) => {
  const store = new OutboxStore(paths(ctx.env).outbox);
  const e = store.get(id ?? '');
  for (const d of store.takeDamaged()) ctx.io.err(damagedNotice(d, 'this outbox entry'));
  if (!e) throw new NotFoundError(`No outbox entry "${id}".`, 'List them with: ic-support outbox list');
  store.remove(e.id);
  ctx.io.err(
    `Dropped ${e.id} (${e.body.caseType}: ${String(e.body.fields.subject ?? '')})${e.caseNumber ? `; case ${e.caseNumber} itself was already filed` : '; it was not filed'}.\n`,
  );
};
