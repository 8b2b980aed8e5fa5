/** `ic-support contacts [--account]`: a district's contacts, as the form's Contact field accepts them. */
import type { ContactsOptions } from './options.js';
import type { CommandRun } from '../../cli/context.js';
import { printJson } from '../../cli/json-output.js';
import { styler } from '../../io/style.js';
import { fitTable, type Column } from '../../render/table.js';
import type { District } from '../../portal/schemas.js';
import { findAccount, signedInMe } from '../accounts/shared.js';

export const run: CommandRun<ContactsOptions> = async (ctx, _args, opts) => {
  const me = await signedInMe(ctx);
  const client = await ctx.portal();
  const named = opts.account ?? (await ctx.settings()).account;
  const districts: District[] = named
    ? [findAccount(me, named, opts.account ? '--account' : "the profile's account")]
    : me.districts;
  const lists = await ctx.io.wait('Listing contacts', Promise.all(districts.map((d) => client.districtContacts(d.id))));
  const rows = districts.flatMap((d, i) => lists[i]!.map((c) => ({ ...c, account: { id: d.id, name: d.name } })));
  if (opts.json) {
    await printJson(ctx, rows, opts, ['id', 'name', 'email', 'role', 'account']);
    return;
  }
  if (!ctx.io.stdoutIsTTY) {
    for (const r of rows) ctx.io.out(`${r.name}\t${r.email}\t${r.role}\t${r.account.name}\n`);
    return;
  }
  const s = styler(ctx.io.colorOut, ctx.io.colorLevel);
  const several = districts.length > 1;
  const columns: Column[] = [
    { header: 'NAME', flex: true, min: 10 },
    { header: 'EMAIL', min: 12 },
    { header: 'ROLE' },
    ...(several ? [{ header: 'ACCOUNT', min: 10 }] : []),
  ];
  const cells = rows.map((r) => [r.name, r.email, r.role, ...(several ? [r.account.name] : [])]);
  ctx.io.out(`${fitTable(columns, cells, ctx.io.columns, { header: s.bold }).join('\n')}\n`);
};
