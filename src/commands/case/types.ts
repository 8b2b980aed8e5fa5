import type { CommandRun } from '../../cli/context.js';
import { loadCatalog } from '../catalog/load.js';
import { styler } from '../../io/style.js';
import { wrap } from '../../domain/text.js';
import { printJson } from '../../cli/json-output.js';

export const run: CommandRun<{ json?: boolean }> = async (ctx, _args, opts) => {
  const catalog = (await loadCatalog(ctx)).view;
  if (opts.json) {
    const data = catalog.types.map((t) => ({ id: t.id, label: t.label, description: t.description, examples: t.examples, fields: t.fields.map((f) => f.key) }));
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
  ctx.io.out(`${blocks.join('\n\n')}\n`);
  if (ctx.io.stdoutIsTTY) ctx.io.err(`\nFields of a type: ic-support case fields <id>\n`);
};
