import type { CommandRun } from '../../../cli/context.js';
import { loadCatalog } from '../../catalog/load.js';
import { styler } from '../../../io/style.js';
import { count, wrap } from '../../../domain/text.js';
import { catalogWhose } from '../../../domain/catalog/describe.js';
import { printJson } from '../../../cli/json-output.js';
import type { TypesOptions } from './options.js';

/** The case types of the catalog in use (src/commands/catalog/load.ts): the portal's, as cached (no request), else the bundled ones. */
export const run: CommandRun<TypesOptions> = async (ctx, _args, opts) => {
  const catalog = (await loadCatalog(ctx)).catalog;
  if (opts.json) {
    const data = catalog.types.map((t) => ({
      id: t.id,
      label: t.label,
      description: t.description,
      examples: t.examples,
      fields: t.fields.map((f) => f.key),
    }));
    await printJson(ctx, data, opts);
    return;
  }
  const s = styler(ctx.io.colorOut);
  // Wrapped for a person at a terminal; one line per item when piped, for grep.
  const width = ctx.io.stdoutIsTTY ? Math.min(ctx.io.columns, 100) : Infinity;
  const blocks = catalog.types.map((t) => {
    const lines = [`${s.bold(t.label)}  ${s.cyan(t.id)}`, wrap(t.description, width, '  ')];
    for (const e of t.examples) lines.push(wrap(`e.g. ${e}`, width, '    '));
    return lines.join('\n');
  });
  // Which catalog, as `case fields` says it: a portal's may offer types the bundled one lacks, or label them otherwise.
  ctx.io.out(
    `${count(catalog.types.length, 'case type')}, from ${catalogWhose(catalog, ctx.globals.sandbox)}\n\n${blocks.join('\n\n')}\n`,
  );
  if (ctx.io.stdoutIsTTY) ctx.io.err(`\nFields of a type: ic-support case fields <id>\n`);
};
