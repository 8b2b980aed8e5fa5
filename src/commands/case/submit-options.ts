/**
 * The flags of `case submit`, derived from the catalog: one per field (`--steps-to-reproduce`,
 * repeatable for lists: `--area-of-responsibility SIS --area-of-responsibility Finance`, a switch
 * for acknowledgements: `--written-permission`). `case submit <type> --help` shows only that type's
 * fields, with their choices and defaults. Light: commander and the catalog JSON only.
 */
import { Option, type Command } from 'commander';
import { catalog, flagName, type FieldDef } from '../../domain/catalog/index.js';
import { listing } from '../../domain/text.js';

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

/** Every field across the catalog, once, in the order types list them. */
function allFields(): FieldDef[] {
  const seen = new Map<string, FieldDef>();
  for (const t of catalog.types) for (const f of t.fields) if (!seen.has(f.key)) seen.set(f.key, f);
  return [...seen.values()];
}

export const isListKind = (f: Pick<FieldDef, 'kind'>): boolean => f.kind === 'multichoice' || f.kind === 'dates';

function fieldOption(f: FieldDef, description: string): Option {
  if (f.kind === 'acknowledgement') return new Option(flagName(f), description);
  const o = new Option(`${flagName(f)} <${f.kind === 'date' || f.kind === 'dates' ? 'date' : 'value'}>`, description);
  return isListKind(f) ? o.argParser(collect) : o;
}

function typesOf(key: string): string[] {
  return catalog.types.filter((t) => t.fields.some((f) => f.key === key)).map((t) => t.id);
}

function typeSpecificDescription(f: FieldDef): string {
  const parts = [f.label];
  parts.push(f.required && !f.default && !f.defaultFrom ? '(required)' : f.default ? `(default ${f.default})` : f.defaultFrom === 'user' ? '(default: you)' : f.defaultFrom === 'user-district' ? '(default: your district)' : '(optional)');
  if (f.choices) parts.push(`- ${f.choices.join(' | ')}`);
  if (isListKind(f)) parts.push('- repeat the flag for several');
  return parts.join(' ');
}

const GENERAL = 'Options:';

export function addFieldOptions(cmd: Command): void {
  for (const f of allFields()) {
    const on = typesOf(f.key);
    const where = on.length === catalog.types.length ? 'every type' : listing(on, 'and');
    cmd.addOption(fieldOption(f, `${f.label} (${where})`).helpGroup('Field flags (case submit <case-type> --help shows one type):'));
  }
  cmd.configureHelp({
    showGlobalOptions: true,
    visibleOptions(c) {
      const typed = c.args.find((a) => !a.startsWith('-'));
      const type = typed ? catalog.types.find((t) => t.id === typed || t.label.toLowerCase() === typed.toLowerCase()) : undefined;
      const general = c.options.filter((o) => !o.hidden && !allFields().some((f) => flagName(f) === o.long));
      for (const o of general) o.helpGroup(GENERAL);
      if (!type) return c.options.filter((o) => !o.hidden);
      const fields = type.fields.map((f) => fieldOption(f, typeSpecificDescription(f)).helpGroup(`Fields of ${type.label} (${type.id}):`));
      return [...fields, ...general];
    },
  });
}

/** The field values given as flags, by field key (commander camel-cases --steps-to-reproduce). */
export function fieldFlagValues(opts: Record<string, unknown>, fields: readonly FieldDef[]): Record<string, string | string[] | boolean> {
  const out: Record<string, string | string[] | boolean> = {};
  for (const f of fields) {
    const v = opts[f.key];
    if (v !== undefined) out[f.key] = v as string | string[] | boolean;
  }
  return out;
}

/** Field flags that were given but belong to no field of the chosen type. */
export function foreignFieldFlags(opts: Record<string, unknown>, typeFields: readonly FieldDef[]): string[] {
  return allFields()
    .filter((f) => opts[f.key] !== undefined && !typeFields.some((t) => t.key === f.key))
    .map((f) => flagName(f));
}

export { allFields };
