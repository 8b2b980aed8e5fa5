/**
 * The case-type catalog as the CLI uses it. The data was checked against the meta-schema when
 * `npm run gen` compiled schemas/catalog.yaml (and a test re-checks it), so loading it here costs a
 * JSON parse and no validation library: catalog commands stay fast.
 */
import raw from '../../../schemas/catalog.json' with { type: 'json' };
import { UsageError } from '../../errors.js';
import { closest, kebabCase } from '../text.js';
import type { Catalog, CaseTypeDef, FieldDef } from './types.js';

export type { Catalog, CaseTypeDef, FieldDef } from './types.js';

export const catalog: Catalog = raw as unknown as Catalog;

export function caseTypeIds(cat: Catalog = catalog): string[] {
  return cat.types.map((t) => t.id);
}

/**
 * Finds a case type by id, or by its label in any case ("Data Restore"); a clear error otherwise.
 * `cat`: the view in use (src/commands/catalog/load.ts), which may offer types the bundled catalog
 * lacks or label them otherwise; a command never passes the bundled catalog alone.
 */
export function findCaseType(idOrLabel: string, cat: Catalog): CaseTypeDef {
  const wanted = idOrLabel.trim().toLowerCase();
  const found = cat.types.find(
    (t) => t.id === wanted || t.label.toLowerCase() === wanted || t.id === kebabCase(wanted.replace(/\s+/g, '-')),
  );
  if (found) return found;
  const guess = closest(wanted, caseTypeIds(cat));
  throw new UsageError(
    `Unknown case type "${idOrLabel}".${guess ? ` Did you mean ${guess}?` : ''}`,
    `Case types: ${caseTypeIds(cat).join(', ')} (see: ic-support case types)`,
  );
}

const flags = new Map<string, string>();
/**
 * The command-line flag of a field: stepsToReproduce -> --steps-to-reproduce. Kept per key: help
 * and completion over a portal's catalog of 20,000 fields ask for each several times.
 */
export function flagName(field: Pick<FieldDef, 'key'>): string {
  let flag = flags.get(field.key);
  if (flag === undefined) flags.set(field.key, (flag = `--${kebabCase(field.key)}`));
  return flag;
}

/** Every field key across all types, for completion and for "did you mean" on unknown keys. */
export function allFieldKeys(cat: Catalog = catalog): string[] {
  return [...new Set(cat.types.flatMap((t) => t.fields.map((f) => f.key)))];
}
