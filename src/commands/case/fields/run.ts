import type { CommandRun } from '../../../cli/context.js';
import { findCaseType, flagName } from '../../../domain/catalog/index.js';
import {
  attachmentLimitsNote,
  catalogWhose,
  choicesNote,
  defaultNote,
  limitNote,
  requiredNote,
  ruleLine,
  ruleSource,
  shownChoices,
} from '../../../domain/catalog/describe.js';
import { advisoryRule } from '../../../domain/rules.js';
import { attachmentLimits, openList, requiredEnforced } from '../../../domain/catalog/merge.js';
import { styler } from '../../../io/style.js';
import { count, wrap } from '../../../domain/text.js';
import { loadCatalog } from '../../catalog/load.js';
import { printJson } from '../../../cli/json-output.js';
import type { FieldsArguments, FieldsOptions } from './options.js';

export const run: CommandRun<FieldsOptions, FieldsArguments> = async (ctx, [typeId], opts) => {
  const catalogInUse = (await loadCatalog(ctx)).catalog;
  const t = findCaseType(typeId ?? '', catalogInUse);
  // The portal's fields, then the guide's acknowledgements, which are not portal fields.
  const fields = t.fields.filter((f) => f.kind !== 'acknowledgement');
  const acks = t.fields.filter((f) => f.kind === 'acknowledgement');
  const whose = catalogWhose(catalogInUse, ctx.globals.sandbox);
  const today = ctx.today();
  // Whose the field table (and so its required markers) is: the portal's, or the bundled default.
  const fieldsSource = requiredEnforced(catalogInUse) && catalogInUse.source?.kind === 'portal' ? 'portal' : 'bundled';
  if (opts.json) {
    const data = {
      id: t.id,
      label: t.label,
      description: t.description,
      source: catalogInUse.source?.kind ?? 'bundled',
      fields: fields.map((f) => ({
        key: f.key,
        label: f.label,
        kind: f.kind,
        required: f.required,
        // Whose the field's definition and required marker are: the portal's catalog, or the bundled default.
        source: fieldsSource,
        default: f.default ?? (f.defaultFrom ? (defaultNote(f) ?? null) : null),
        choices: f.choices ? shownChoices(t, f) : null,
        // Whose the list is, as the text says (listWhose): a fixed list the portal's catalog states is the portal's.
        list: f.picklist
          ? openList(catalogInUse, f)
            ? 'bundled'
            : 'portal'
          : f.choices
            ? catalogInUse.source?.kind === 'portal'
              ? 'portal'
              : 'guide'
            : null,
        maxLength: f.maxLength ?? null,
        flag: flagName(f),
        help: f.help,
      })),
      acknowledgements: acks.map((f) => ({
        key: f.key,
        label: f.label,
        required: f.required,
        flag: flagName(f),
        help: f.help,
        statement: f.statement ?? null,
      })),
      rules: t.rules.map((r) => ({
        id: r.id,
        message: ruleLine(r, today),
        source: ruleSource(r, catalogInUse),
        blocks: !advisoryRule(r),
      })),
      limits: {
        ...(catalogInUse.limits ?? {}),
        source: catalogInUse.source?.kind === 'portal' ? 'portal' : 'bundled',
        from: catalogInUse.limitsFrom ?? {},
      },
    };
    await printJson(ctx, data, opts);
    return;
  }
  const s = styler(ctx.io.colorOut);
  // Wrapped for a person at a terminal; one line per item when piped, for grep.
  const width = ctx.io.stdoutIsTTY ? Math.min(ctx.io.columns, 100) : Infinity;
  // The guide's description whole: Data Restore's points to the Campus Data Retention Policy,
  // Request Consulting's to the business-consulting page.
  const out: string[] = [
    `${s.bold(t.label)} (${t.id}): ${count(fields.length, 'field')}, from ${whose}`,
    wrap(t.description, width, '  '),
    '',
  ];
  for (const f of fields) {
    const marked = requiredNote(f, catalogInUse);
    const req = marked ? s.yellow(marked) : f.required ? 'required' : 'optional';
    const dflt = f.default
      ? `, default ${f.default}`
      : f.defaultFrom === 'user-district'
        ? ', default: your district'
        : f.defaultFrom === 'user'
          ? ', default: you'
          : '';
    out.push(`${s.bold(f.label)}  ${s.cyan(flagName(f))}  ${f.kind}, ${req}${dflt}`);
    if (f.choices) out.push(wrap(choicesNote(f, catalogInUse, t), width, '    '));
    const limit = limitNote(f, catalogInUse);
    if (limit) out.push(wrap(limit, width, '    '));
    out.push(wrap(f.help, width, '    '));
    if (f.defaultFrom === 'user-district') out.push(wrap(`default: ${defaultNote(f)}`, width, '    '));
    out.push('');
  }
  if (acks.length) {
    out.push(s.bold('Confirmations (statements the guide requires you to confirm; not portal fields)'));
    for (const f of acks) {
      out.push(
        `${s.bold(f.label)}  ${s.cyan(flagName(f))}  ${f.required ? s.yellow('required') : 'when its rule applies'}`,
      );
      out.push(wrap(f.help, width, '    '));
      if (f.statement) out.push(wrap(`Recorded in the case text when confirmed: "${f.statement}"`, width, '    '));
      out.push('');
    }
  }
  // The guide states no attachment limits: each is labeled as this portal's or the bundled default.
  const files = attachmentLimitsNote(attachmentLimits(catalogInUse));
  if (files)
    out.push(s.bold('Attachments (--attach, attachments: in a case file)'), wrap(`${files}.`, width, '  '), '');
  if (t.rules.length) {
    out.push(s.bold('Rules'));
    for (const r of t.rules) out.push(wrap(`- ${ruleLine(r, today)}`, width, '  '));
    out.push('');
  }
  ctx.io.out(out.join('\n'));
};
