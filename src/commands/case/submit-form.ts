/**
 * The interactive form of `case submit`: each field of the case type in catalog order, with the
 * widget its kind calls for, its help text, the portal's defaults, and validation as you type by
 * the same validators as everything else. Then a review of the whole case with
 * Submit / Edit a field / Save draft / Cancel. The answers live in `values`, which the caller
 * owns, so an interruption at any point loses nothing (the caller keeps them as a draft).
 */
import type { Prompter } from '../../cli/prompter.js';
import type { IOStreams } from '../../io/iostreams.js';
import type { CaseTypeDef, FieldDef } from '../../domain/catalog/types.js';
import { fieldSchema, validateCase } from '../../domain/validation.js';
import { coerceValue, type DraftValue } from '../../domain/input.js';
import { checkQuality } from '../../domain/quality.js';
import { styler } from '../../io/style.js';
import { wrap } from '../../domain/text.js';
import type { Contact, District } from '../../portal/schemas.js';
import { renderDraft } from '../../render/draft.js';

export interface FormLookups {
  me: Contact;
  districts: District[];
  /** Contacts of a district, fetched when the form needs them. */
  contacts(districtId: string): Promise<Contact[]>;
}

export interface FormDeps {
  prompter: Prompter;
  io: IOStreams;
  type: CaseTypeDef;
  values: Record<string, unknown>;
  today: string;
  lookups: FormLookups;
  /** Fields to ask: all not given for a fresh form, only the missing required ones otherwise. */
  ask: FieldDef[];
}

export type FormOutcome = 'submit' | 'save' | 'cancel';

/** Choices a rule of this type forbids (e.g. Critical outside Report an Outage) are not offered. */
function offeredChoices(type: CaseTypeDef, f: FieldDef): string[] {
  const forbidden = new Set(
    type.rules
      .filter((r) => r.check === 'valueOnlyOnTypes' && r.params.field === f.key && !(r.params.types as string[]).includes(type.id))
      .map((r) => String(r.params.value)),
  );
  return (f.choices ?? []).filter((c) => !forbidden.has(c));
}

/** The first problem the field's own validator finds in an answer, or true. */
function checker(f: FieldDef) {
  const schema = fieldSchema({ ...f, required: false, default: undefined });
  return (raw: DraftValue): true | string => {
    const r = schema.safeParse(raw);
    return r.success ? true : (r.error.issues[0]?.message ?? 'not valid');
  };
}

async function askLongText(d: FormDeps, f: FieldDef, current: string | undefined): Promise<string | undefined> {
  const s = styler(d.io.colorErr);
  d.io.err(`${s.dim(`  ${f.label}: type the text; an empty line ends it${current ? ', a single "." keeps what is there' : ''}. @path reads a file.`)}\n`);
  const lines: string[] = [];
  for (;;) {
    const line = await d.prompter.input(lines.length === 0 ? f.label : '…');
    if (lines.length === 0 && current && line.trim() === '.') return current;
    if (line === '') break;
    if (lines.length === 0 && line.startsWith('@')) {
      const { readFile } = await import('node:fs/promises');
      try {
        return (await readFile(line.slice(1), 'utf8')).trimEnd();
      } catch (e) {
        d.io.err(`  cannot read ${line.slice(1)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        continue;
      }
    }
    lines.push(line);
  }
  const text = lines.join('\n');
  return text === '' ? undefined : text;
}

async function askField(d: FormDeps, f: FieldDef): Promise<void> {
  const { prompter, io, type, values, lookups } = d;
  const s = styler(io.colorErr);
  const current = values[f.key];
  const optional = !f.required || f.default !== undefined || f.defaultFrom !== undefined;
  io.err(`${s.dim(wrap(f.help, Math.min(io.columns, 100), '  '))}\n`);
  const check = checker(f);
  const set = (v: DraftValue | undefined): void => {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete values[f.key];
    else values[f.key] = v;
  };

  switch (f.kind) {
    case 'account': {
      if (lookups.districts.length <= 1) {
        set(lookups.districts[0]?.name);
        io.err(`  ${f.label}: ${lookups.districts[0]?.name ?? '(your district)'}\n`);
        return;
      }
      const choice = await prompter.select(
        f.label,
        lookups.districts.map((x) => ({ value: x.name, name: x.name })),
        { default: typeof current === 'string' ? current : lookups.districts[0]!.name },
      );
      set(choice);
      return;
    }
    case 'contact': {
      const districtName = typeof values.account === 'string' ? values.account : lookups.districts[0]?.name;
      const district = lookups.districts.find((x) => x.name === districtName || x.id === districtName) ?? lookups.districts[0];
      let contacts: Contact[] = [lookups.me];
      if (district) {
        try {
          contacts = await lookups.contacts(district.id);
        } catch {
          // The list is a convenience: without it, the contact is the user.
        }
      }
      if (!contacts.some((c) => c.id === lookups.me.id)) contacts.unshift(lookups.me);
      const choice = await prompter.select(
        f.label,
        contacts.map((c) => ({ value: c.email, name: c.id === lookups.me.id ? `${c.name} (you)` : `${c.name} <${c.email}>`, description: c.role })),
        { default: typeof current === 'string' ? current : lookups.me.email },
      );
      set(choice === lookups.me.email ? undefined : choice);
      return;
    }
    case 'choice': {
      const choices = offeredChoices(type, f).map((c) => ({ value: c, name: c }));
      const skip = '\u0000skip';
      if (optional && f.default === undefined) choices.push({ value: skip, name: '(leave empty)' });
      const dflt = typeof current === 'string' ? current : f.default;
      const choice = await prompter.select(f.label, choices, dflt !== undefined ? { default: dflt } : {});
      set(choice === skip ? undefined : choice);
      return;
    }
    case 'multichoice': {
      const have = Array.isArray(current) ? current.map(String) : [];
      const picked = await prompter.checkbox(
        f.label,
        (f.choices ?? []).map((c) => ({ value: c, checked: have.includes(c) })),
        { validate: (v) => (v.length > 0 || optional ? true : `choose at least one ${f.label} (space selects, enter confirms)`) },
      );
      set(picked);
      return;
    }
    case 'dates': {
      const have = Array.isArray(current) ? current.map(String) : [];
      const out: string[] = [];
      const names = ['first choice', 'second choice (optional)', 'third choice (optional)'];
      for (let i = 0; i < (f.maxItems ?? 3); i++) {
        const ans = await prompter.input(`${f.label}, ${names[i] ?? `choice ${i + 1}`} (YYYY-MM-DD)`, {
          ...(have[i] ? { default: have[i] } : {}),
          validate: (v) => (v.trim() === '' ? (i === 0 && !optional ? `${f.label} needs at least one date` : true) : check([v.trim()])),
        });
        if (ans.trim() === '') break;
        out.push(ans.trim());
      }
      set(out);
      return;
    }
    case 'acknowledgement': {
      const yes = await prompter.confirm(`${f.label}: do you confirm?`, { default: current === true });
      set(yes);
      return;
    }
    case 'longtext': {
      set(await askLongText(d, f, typeof current === 'string' ? current : undefined));
      return;
    }
    default: {
      const hint = [f.kind === 'date' ? 'YYYY-MM-DD' : '', optional ? 'optional' : ''].filter(Boolean).join(', ');
      const ans = await prompter.input(`${f.label}${hint ? ` (${hint})` : ''}`, {
        ...(typeof current === 'string' ? { default: current } : {}),
        validate: (v) => (v.trim() === '' ? (optional ? true : `${f.label} is required`) : check(coerceValue(f, v))),
      });
      set(ans.trim() === '' ? undefined : coerceValue(f, ans));
    }
  }
}

/** Runs the form and the review loop; `values` holds the answers throughout. */
export async function runForm(d: FormDeps): Promise<FormOutcome> {
  for (const f of d.ask) await askField(d, f);
  const s = styler(d.io.colorErr);
  for (;;) {
    d.io.err(`\n${renderDraft(d.type, d.values, s)}\n`);
    const result = validateCase({ caseType: d.type.id, ...d.values }, { today: d.today });
    if (!result.ok) {
      d.io.err(`${s.yellow('Not ready to submit:')}\n${result.issues.map((i) => `  ${i.field}: ${i.message}`).join('\n')}\n`);
    } else {
      for (const w of checkQuality(d.type, d.values)) d.io.err(`${s.yellow('advice')} ${w.field}: ${w.message}\n`);
    }
    const actions: { value: FormOutcome | 'edit'; name: string }[] = [
      ...(result.ok ? [{ value: 'submit' as const, name: 'Submit' }] : []),
      { value: 'edit', name: 'Edit a field' },
      { value: 'save', name: 'Save draft' },
      { value: 'cancel', name: 'Cancel' },
    ];
    const action = await d.prompter.select('What next?', actions, { default: result.ok ? 'submit' : 'edit' });
    if (action === 'edit') {
      const bad = new Set(result.ok ? [] : result.issues.map((i) => i.field.split(/[.[]/)[0]));
      const key = await d.prompter.select(
        'Which field?',
        d.type.fields.map((f) => ({ value: f.key, name: `${bad.has(f.key) ? '! ' : '  '}${f.label}` })),
        bad.size ? { default: [...bad][0]! } : {},
      );
      await askField(d, d.type.fields.find((f) => f.key === key)!);
      continue;
    }
    if (action === 'cancel' && !(await d.prompter.confirm('Discard this case? Your answers will not be kept.', { default: false }))) continue;
    return action;
  }
}
