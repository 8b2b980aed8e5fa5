import type { CommandRun } from '../../cli/context.js';
import { findCaseType, flagName } from '../../domain/catalog/index.js';
import { styler } from '../../io/style.js';
import { wrap } from '../../domain/text.js';

export const run: CommandRun<{ json?: boolean }> = async (ctx, [typeId], opts) => {
  const t = findCaseType(typeId ?? '');
  if (opts.json) {
    const data = {
      id: t.id,
      label: t.label,
      fields: t.fields.map((f) => ({
        key: f.key,
        label: f.label,
        kind: f.kind,
        required: f.required,
        default: f.default ?? (f.defaultFrom === 'user-district' ? "(the user's district)" : f.defaultFrom === 'user' ? '(the signed-in user)' : null),
        choices: f.choices ?? null,
        flag: flagName(f),
        help: f.help,
      })),
      rules: t.rules.map((r) => ({ id: r.id, message: r.message })),
    };
    ctx.io.out(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  const s = styler(ctx.io.colorOut);
  // Wrapped for a person at a terminal; one line per item when piped, for grep.
  const width = ctx.io.stdoutIsTTY ? Math.min(ctx.io.columns, 100) : Infinity;
  const out: string[] = [`${s.bold(t.label)} (${t.id}): ${t.fields.length} fields`, ''];
  for (const f of t.fields) {
    const req = f.required ? s.yellow('required') : 'optional';
    const dflt = f.default ? `, default ${f.default}` : f.defaultFrom === 'user-district' ? ", default: your district" : f.defaultFrom === 'user' ? ', default: you' : '';
    out.push(`${s.bold(f.label)}  ${s.cyan(flagName(f))}  ${f.kind}, ${req}${dflt}`);
    if (f.choices) out.push(wrap(`choices: ${f.choices.join(' | ')}`, width, '    '));
    out.push(wrap(f.help, width, '    '));
    out.push('');
  }
  if (t.rules.length) {
    out.push(s.bold('Rules'));
    for (const r of t.rules) out.push(wrap(`- ${r.message}`, width, '  '));
    out.push('');
  }
  ctx.io.out(out.join('\n'));
};
