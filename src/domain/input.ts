/**
 * Turning what a person or a script typed (flag strings, `--field key=value`, prompt answers) into
 * the values a draft case holds, by the field's kind. Lenient where intent is clear (choices in any
 * letter case, "yes" for an acknowledgement, comma-separated lists); everything else is left as
 * typed so that validation reports it with the field's name. Pure.
 */
import type { FieldDef } from './catalog/types.js';

export type RawValue = string | string[] | boolean;
export type DraftValue = string | string[] | boolean;

function matchChoice(f: FieldDef, v: string): string {
  const t = v.trim();
  return f.choices?.find((c) => c.toLowerCase() === t.toLowerCase()) ?? t;
}

function list(v: RawValue): string[] {
  if (typeof v === 'boolean') return [String(v)];
  const items = Array.isArray(v) ? v : [v];
  return items
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseBoolean(v: string): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'on', 'confirmed'].includes(s)) return true;
  if (['false', 'no', 'n', '0', 'off'].includes(s)) return false;
  return undefined;
}

export function coerceValue(f: FieldDef, raw: RawValue): DraftValue {
  switch (f.kind) {
    case 'acknowledgement':
      if (typeof raw === 'boolean') return raw;
      return (
        parseBoolean(Array.isArray(raw) ? (raw[raw.length - 1] ?? '') : raw) ??
        (Array.isArray(raw) ? raw.join(',') : raw)
      );
    case 'multichoice': {
      // "Food Service, Finance" and repeated flags both work; choices match in any letter case.
      return list(raw).map((s) => matchChoice(f, s));
    }
    case 'dates':
      return list(raw);
    case 'choice':
      return matchChoice(f, Array.isArray(raw) ? (raw[raw.length - 1] ?? '') : String(raw));
    default:
      // A repeated single-value flag: the last one wins, as with most CLIs.
      return Array.isArray(raw) ? (raw[raw.length - 1] ?? '') : String(raw);
  }
}
