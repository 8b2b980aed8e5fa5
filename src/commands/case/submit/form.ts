/**
 * The interactive form of `case submit`: each field of the case type in catalog order, with the
 * widget its kind calls for, its help text, the portal's defaults, and validation as you type by
 * the same validators as everything else. Then a review of the whole case with
 * Submit / Edit a field / Save draft / Cancel. The answers live in `values`, which the caller
 * owns, so an interruption at any point loses nothing (the caller keeps them as a draft).
 */
import type { Prompter } from '../../../cli/prompter.js';
import type { IOStreams } from '../../../io/iostreams.js';
import type { Catalog, CaseTypeDef, FieldDef } from '../../../domain/catalog/types.js';
import { lengthsEnforced, overLimitWarning, validateCase } from '../../../domain/validation.js';
import { coerceValue, type DraftValue } from '../../../domain/input.js';
import { allowedChoices, checkAnswer, isRequiredNow, requiredByRule } from '../../../domain/answers.js';
import { checkQuality } from '../../../domain/quality.js';
import {
  chooseAccount,
  contactLabel,
  relatedLine,
  withRelated,
  type RelatedNotification,
} from '../../../domain/submission.js';
import { findContact } from '../../../domain/account.js';
import { formatBytes } from '../../../domain/limits.js';
import { formatUsDate } from '../../../domain/dates.js';
import { CliError } from '../../../errors.js';
import { countCheck, inspectFiles } from '../../../input/attachment-files.js';
import { catalog as bundledCatalog } from '../../../domain/catalog/index.js';
import { attachmentLimits, markedRequired, requiredEnforced } from '../../../domain/catalog/merge.js';
import { attachmentLimitsNote, limitNote } from '../../../domain/catalog/describe.js';
import { styler } from '../../../io/style.js';
import { wrap } from '../../../domain/text.js';
import type { Contact, District } from '../../../portal/schemas.js';
import { renderDraft } from '../../../render/draft.js';

export interface FormLookups {
  me: Contact;
  districts: District[];
  /** The district the portal names as the user's own, when it names one. */
  own?: District | undefined;
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
  /** Files to attach, owned by the caller like `values`; the form adds to it. */
  attachments?: string[];
  /** Ask for files to attach after the fields (a fresh form). */
  askAttachments?: boolean;
  /** The notification the case is about, shown in the review. */
  related?: RelatedNotification | undefined;
  /** Opens the user's editor on a long text; returns what was written. */
  edit?: (label: string, current: string | undefined) => string;
  /** The catalog in use, which the type comes from (the portal's lists); the bundled one by default. */
  catalog?: Catalog;
  /** The folder relative file paths are read from (the command passes ctx.cwd; unit tests may leave it out). */
  cwd?: string;
  /** --quiet: the review gives no advice on the wording. */
  quiet?: boolean;
}

export type FormOutcome = 'submit' | 'save' | 'cancel';

/**
 * The district the review names when no account was given: the one the case is filed for (the
 * only one, or the one the portal assigns), never a placeholder; none when it must be chosen.
 */
function accountShown(d: FormDeps): { account?: string } {
  if (d.values.account !== undefined) return {};
  const { districts, own } = d.lookups;
  const name = own?.name ?? (districts.length === 1 ? districts[0]!.name : undefined);
  return name ? { account: name } : {};
}

/** The first problem the field's validator or a rule finds in an answer given the others, or true. */
function checker(d: FormDeps, f: FieldDef) {
  return (v: unknown): true | string =>
    checkAnswer(d.type, f, v, d.values, d.today, lengthsEnforced(d.catalog), requiredEnforced(d.catalog));
}

/** A text over a length only the bundled default gives is kept; the form says the portal will check it. */
function warnOverLimit(d: FormDeps, f: FieldDef): void {
  const w = overLimitWarning(f, d.values[f.key], d.catalog);
  if (w) d.io.err(`  ${styler(d.io.colorErr).yellow('warning')} ${w.message}\n`);
}

async function askLongText(
  d: FormDeps,
  f: FieldDef,
  current: string | undefined,
  check: (v: unknown) => true | string,
  optional: boolean,
): Promise<string | undefined> {
  const s = styler(d.io.colorErr);
  const editor = d.edit ? ' "e" alone opens your editor (blank lines between paragraphs are kept);' : '';
  const skip = optional ? ' (optional: an empty first line leaves it out)' : '';
  d.io.err(
    `${s.dim(wrap(`${f.label}${skip}: type the text; an empty line ends it.${editor} @path reads a file${current ? '; a single "." keeps what is there' : ''}.`, Math.min(d.io.columns, 100), '  '))}\n`,
  );
  const lines: string[] = [];
  for (;;) {
    const first = lines.length === 0;
    const line = await d.prompter.input(
      first ? `${f.label}${optional ? ' (optional)' : ''}` : '…',
      first ? { validate: (v) => (v === '' ? check(undefined) : true) } : {},
    );
    if (first && current && line.trim() === '.') return current;
    if (line === '') break;
    if (first && d.edit && line.trim().toLowerCase() === 'e') {
      try {
        const text = d.edit(f.label, current);
        const ok = check(text === '' ? undefined : text);
        if (ok === true) return text === '' ? undefined : text;
        d.io.err(`  ${ok}\n`);
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        d.io.err(`  ${e.message}${e.hint ? ` ${e.hint}` : ''}\n`);
      }
      continue;
    }
    if (first && line.startsWith('@')) {
      const { readTextBounded } = await import('../../../io/bounded-read.js');
      const { TEXT_VALUE_LIMIT } = await import('../../../input/case-file.js');
      try {
        return (
          await readTextBounded(line.slice(1), () => d.io.stdin, { ...TEXT_VALUE_LIMIT, cwd: d.cwd ?? process.cwd() })
        ).trimEnd();
      } catch (e) {
        d.io.err(`  cannot read ${(e as Error).message}\n`);
        continue;
      }
    }
    lines.push(line);
  }
  const text = lines.join('\n');
  return text === '' ? undefined : text;
}

/** Files to attach, one path per answer, each checked for existence and size as it is typed. */
async function askAttachments(d: FormDeps): Promise<void> {
  const list = d.attachments;
  if (!list) return;
  const { resolve } = await import('node:path');
  // The guide states no attachment limit: the catalog's, labeled as this portal's or the bundled default.
  const limits = attachmentLimits(d.catalog ?? bundledCatalog);
  const note = attachmentLimitsNote(limits);
  if (note)
    d.io.err(`${styler(d.io.colorErr).dim(wrap(`Attachments: ${note}.`, Math.min(d.io.columns, 100), '  '))}\n`);
  for (;;) {
    const ans = await d.prompter.input(
      `Attach a file (path; empty when done${list.length ? `, ${list.length} so far` : ''})`,
      {
        validate: (v) => {
          if (v.trim() === '') return true;
          // One more file than this portal's stated limit is refused here; over the bundled default only warned about.
          const count = countCheck(list.length + 1, limits.perCase);
          if (count?.block) return count.issue.message;
          const p = inspectFiles([v.trim()], d.cwd ?? process.cwd(), limits).problems[0];
          return p ? `${v.trim()}: ${p.message}` : true;
        },
      },
    );
    if (ans.trim() === '') return;
    const over = inspectFiles([ans.trim()], d.cwd ?? process.cwd(), limits).warnings[0];
    if (over) d.io.err(`${styler(d.io.colorErr).yellow('warning')} ${ans.trim()}: ${over.message}\n`);
    const many = countCheck(list.length + 1, limits.perCase);
    if (many) d.io.err(`${styler(d.io.colorErr).yellow('warning')} ${many.issue.message}\n`);
    // Kept as an absolute path: a draft resumed from another folder still finds the file.
    const path = resolve(d.cwd ?? process.cwd(), ans.trim());
    if (!list.includes(path)) list.push(path);
  }
}

/** The contact as a person reads it: the user's own name, or another contact's name and email. */
async function contactName(d: FormDeps, value: unknown): Promise<string> {
  const { me } = d.lookups;
  if (typeof value !== 'string') return me.name;
  const district =
    d.lookups.districts.find((x) => x.name === d.values.account || x.id === d.values.account) ??
    (d.lookups.districts.length === 1 ? d.lookups.districts[0] : undefined);
  const contacts = district ? await d.lookups.contacts(district.id).catch(() => [] as Contact[]) : [];
  const c = findContact([me, ...contacts], value);
  return c ? contactLabel(c, me) : value;
}

async function askField(d: FormDeps, f: FieldDef): Promise<void> {
  const { prompter, io, type, values, lookups } = d;
  const s = styler(io.colorErr);
  const current = values[f.key];
  // Required by the catalog, or by a rule given the answers so far (a Replace names the contact replaced).
  const required = isRequiredNow(type, f, values, d.today, requiredEnforced(d.catalog));
  const optional = !required;
  // A required marker only the bundled catalog gives (the guide lists none): said, and not insisted on.
  if (!required && markedRequired(f) && !requiredEnforced(d.catalog))
    io.err(
      `${s.dim(wrap(`${f.label}: required in the bundled catalog (the offline default, not the portal's); leave it empty to send without it, and the portal decides.`, Math.min(io.columns, 100), '  '))}\n`,
    );
  io.err(`${s.dim(wrap(f.help, Math.min(io.columns, 100), '  '))}\n`);
  const limit = limitNote(f, d.catalog);
  if (limit) io.err(`${s.dim(wrap(limit, Math.min(io.columns, 100), '  '))}\n`);
  const ruleNote = f.required ? undefined : requiredByRule(type, f, values, d.today);
  if (ruleNote) io.err(`${s.yellow('  Required here:')} ${ruleNote}\n`);
  const check = checker(d, f);
  const set = (v: DraftValue | undefined): void => {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete values[f.key];
    else values[f.key] = v;
  };

  switch (f.kind) {
    case 'account': {
      if (lookups.districts.length <= 1) {
        set(lookups.districts[0]?.name);
        if (lookups.districts[0]) io.err(`  ${f.label}: ${lookups.districts[0].name}\n`);
        return;
      }
      // The account given, the profile's, the portal's "own" district; never the first one silently.
      const choice = chooseAccount({ given: current, districts: lookups.districts, own: lookups.own });
      const picked = await prompter.select(
        f.label,
        lookups.districts.map((x) => ({ value: x.name, name: x.name })),
        choice.account !== undefined ? { default: choice.account } : {},
      );
      set(picked);
      return;
    }
    case 'contact': {
      const districtName = typeof values.account === 'string' ? values.account : undefined;
      const district =
        lookups.districts.find((x) => x.name === districtName || x.id === districtName) ??
        (lookups.districts.length === 1 ? lookups.districts[0] : undefined);
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
        contacts.map((c) => ({
          value: c.email,
          name: c.id === lookups.me.id ? `${c.name} (you)` : `${c.name} <${c.email}>`,
          description: c.role,
        })),
        { default: typeof current === 'string' ? current : lookups.me.email },
      );
      set(choice === lookups.me.email ? undefined : choice);
      return;
    }
    case 'choice': {
      const choices = allowedChoices(type, f, values, d.today).map((c) => ({ value: c, name: c }));
      const skip = '\u0000skip';
      if (optional && f.default === undefined) choices.push({ value: skip, name: '(leave empty)' });
      const dflt = typeof current === 'string' ? current : f.default;
      const choice = await prompter.select(
        `${f.label}${ruleNote ? ' (required)' : ''}`,
        choices,
        dflt !== undefined ? { default: dflt } : {},
      );
      set(choice === skip ? undefined : choice);
      return;
    }
    case 'multichoice': {
      const have = Array.isArray(current) ? current.map(String) : [];
      const picked = await prompter.checkbox(
        `${f.label}${ruleNote ? ' (required)' : ''}`,
        allowedChoices(type, f, values, d.today).map((c) => ({ value: c, checked: have.includes(c) })),
        {
          validate: (v) =>
            v.length === 0
              ? optional
                ? true
                : `choose at least one ${f.label} (space selects, enter confirms)`
              : check([...v]),
        },
      );
      set(picked);
      return;
    }
    case 'dates': {
      const have = Array.isArray(current) ? current.map(String) : [];
      const out: string[] = [];
      const names = ['first choice', 'second choice (optional)', 'third choice (optional)'];
      for (let i = 0; i < (f.maxItems ?? 3); i++) {
        const ans = await prompter.input(`${f.label}, ${names[i] ?? `choice ${i + 1}`} (MM/DD/YYYY)`, {
          ...(have[i] ? { default: formatUsDate(have[i]!) } : {}),
          // Each date against the field and the rules, with the dates chosen before it.
          validate: (v) =>
            v.trim() === ''
              ? i === 0 && !optional
                ? `${f.label} needs at least one date`
                : true
              : check([...out, v.trim()]),
        });
        if (ans.trim() === '') break;
        out.push(ans.trim());
      }
      set(out);
      return;
    }
    case 'acknowledgement': {
      const yes = await prompter.confirm(`${f.label}${required ? ' (required)' : ''}: do you confirm?`, {
        default: current === true,
      });
      set(yes);
      // A confirm cannot refuse an answer: the rule's message is shown now, and again at the review.
      const ok = check(yes);
      if (ok !== true) io.err(`${s.yellow('  Not ready:')} ${ok}\n`);
      return;
    }
    case 'longtext': {
      set(await askLongText(d, f, typeof current === 'string' ? current : undefined, check, optional));
      warnOverLimit(d, f);
      return;
    }
    default: {
      const hint = [f.kind === 'date' ? 'MM/DD/YYYY' : '', required ? (ruleNote ? 'required' : '') : 'optional']
        .filter(Boolean)
        .join(', ');
      const ans = await prompter.input(`${f.label}${hint ? ` (${hint})` : ''}`, {
        ...(typeof current === 'string' ? { default: f.kind === 'date' ? formatUsDate(current) : current } : {}),
        validate: (v) => check(v.trim() === '' ? undefined : coerceValue(f, v)),
      });
      set(ans.trim() === '' ? undefined : coerceValue(f, ans));
      warnOverLimit(d, f);
    }
  }
}

/** Contacts of a district are asked of the portal once per form. */
function memoContacts(l: FormLookups): FormLookups {
  const seen = new Map<string, Promise<Contact[]>>();
  return {
    ...l,
    contacts: (id) => {
      let p = seen.get(id);
      if (!p) seen.set(id, (p = l.contacts(id)));
      return p;
    },
  };
}

/** Runs the form and the review loop; `values` (and `attachments`) hold the answers throughout. */
export async function runForm(deps: FormDeps): Promise<FormOutcome> {
  const d: FormDeps = { ...deps, lookups: memoContacts(deps.lookups) };
  // In catalog order: the fields to ask, and any that a rule makes required by an answer just given.
  for (const f of d.type.fields) {
    if (
      d.ask.includes(f) ||
      (d.values[f.key] === undefined && requiredByRule(d.type, f, d.values, d.today) !== undefined)
    )
      await askField(d, f);
  }
  if (d.askAttachments) await askAttachments(d);
  const s = styler(d.io.colorErr);
  for (;;) {
    const files = (d.attachments ?? []).map((p) => {
      const f = inspectFiles([p], d.cwd ?? process.cwd(), attachmentLimits(d.catalog ?? bundledCatalog));
      return f.ok[0]
        ? `${f.ok[0].name} (${formatBytes(f.ok[0].size)})`
        : `${p}: ${f.problems[0]?.message ?? 'cannot be read'}`;
    });
    d.io.err(
      `\n${renderDraft(d.type, d.values, s, { contact: await contactName(d, d.values.contact), ...accountShown(d), ...(d.related ? { related: relatedLine(d.related) } : {}), attachments: files }, d.io.columns)}\n`,
    );
    const result = validateCase(
      { caseType: d.type.id, ...withRelated(d.values, d.related) },
      { today: d.today, ...(d.catalog ? { catalog: d.catalog } : {}) },
    );
    // The review names fields by their labels, as the form asked them (an acknowledgement too).
    const label = (key: string): string => d.type.fields.find((f) => f.key === key)?.label ?? key;
    for (const w of result.warnings) d.io.err(`${s.yellow('warning')} ${label(w.field)}: ${w.message}\n`);
    if (!result.ok) {
      d.io.err(
        `${s.yellow('Not ready to submit:')}\n${result.issues.map((i) => `  ${label(i.field)}: ${i.message}`).join('\n')}\n`,
      );
    } else if (!d.quiet) {
      for (const w of checkQuality(d.type, d.values))
        d.io.err(`${s.yellow('advice')} ${label(w.field)}: ${w.message}\n`);
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
      const ATTACH = '\u0000attachments';
      const key = await d.prompter.select(
        'Which field?',
        [
          ...d.type.fields.map((f) => ({ value: f.key, name: `${bad.has(f.key) ? '! ' : '  '}${f.label}` })),
          ...(d.attachments ? [{ value: ATTACH, name: '  Attachments' }] : []),
        ],
        bad.size ? { default: [...bad][0]! } : {},
      );
      if (key === ATTACH) {
        d.attachments!.splice(0);
        await askAttachments(d);
      } else
        await askField(
          d,
          d.type.fields.find((f) => f.key === key)!,
        );
      continue;
    }
    if (
      action === 'cancel' &&
      !(await d.prompter.confirm('Discard this case? Your answers will not be kept.', { default: false }))
    )
      continue;
    return action;
  }
}
