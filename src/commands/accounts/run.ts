/** `ic-support accounts`: the districts the user is a contact of, as --account accepts them. */
import type { AccountsOptions } from './options.js';
import type { CommandRun } from '../../cli/context.js';
import { printJson } from '../../cli/json-output.js';
import { styler } from '../../io/style.js';
import { fitTable } from '../../render/table.js';
import { signedInMe } from './shared.js';

export const run: CommandRun<AccountsOptions> = async (ctx, _args, opts) => {
  const me = await signedInMe(ctx);
  const preferred = (await ctx.settings()).account?.toLowerCase();
  const rows = me.districts.map((d) => ({
    ...d,
    default: preferred !== undefined && (d.id.toLowerCase() === preferred || d.name.toLowerCase() === preferred),
  }));
  if (opts.json) {
    await printJson(ctx, rows, opts, ['id', 'name', 'default']);
    return;
  }
  if (!ctx.io.stdoutIsTTY) {
    for (const r of rows) ctx.io.out(`${r.id}\t${r.name}${r.default ? '\tdefault' : ''}\n`);
    return;
  }
  const s = styler(ctx.io.colorOut, ctx.io.colorLevel);
  const lines = fitTable(
    [{ header: 'ID' }, { header: 'NAME', flex: true, min: 12 }, { header: '' }],
    rows.map((r) => [r.id, r.name, r.default ? '(default)' : '']),
    ctx.io.columns,
    { header: s.bold },
  );
  ctx.io.out(`${lines.join('\n')}\n`);
  if (rows.length > 1 && preferred === undefined)
    ctx.io.err('Cases need an --account of these; set a default with: ic-support config set account "<name>"\n');
};
