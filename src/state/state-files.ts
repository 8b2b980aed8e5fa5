/**
 * Reading the many small JSON files of a state folder (drafts, outbox entries) so that one damaged
 * file never blocks the rest: a file that is truncated, not JSON or not of its kind's shape is
 * moved to the folder's `damaged/` sub-folder (never deleted: it may hold the only copy of a case),
 * reported with where it went, and the others are read as usual.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { listJsonFiles } from './atomic.js';
import { assertTrusted, readTrustedFileSync } from '../config/trust.js';

/** Larger than any state file ic-support writes (a case body is at most 1 MiB). */
const MAX_STATE_FILE_BYTES = 8 * 1024 * 1024;

export interface DamagedFile {
  /** Where it was. */
  file: string;
  /** Where it is now (under damaged/), or undefined when it could not be moved. */
  movedTo: string | undefined;
  /** What is wrong with it. */
  reason: string;
}

/** Says what is wrong with a parsed document, or undefined when it has its kind's shape. */
export type ShapeCheck = (value: unknown, file: string) => string | undefined;

export type ReadResult<T> = { ok: true; value: T } | { ok: false; reason: string } | { ok: false; missing: true };

/** One state file: its value when it is whole JSON of the right shape, else why not. */
export function readStateFile<T>(file: string, check: ShapeCheck): ReadResult<T> {
  let text: string;
  try {
    text = readTrustedFileSync(file, { bytes: MAX_STATE_FILE_BYTES, what: 'a state file' }).toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, missing: true };
    return { ok: false, reason: code ? `cannot be read (${code})` : (e as Error).message.replace(`${file}: `, '') };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: text.trim() === '' ? 'is empty' : 'is not valid JSON (truncated?)' };
  }
  const wrong = check(value, file);
  return wrong === undefined ? { ok: true, value: value as T } : { ok: false, reason: `is not a valid ${wrong}` };
}

/**
 * Moves a damaged file (and the files that belong to it, such as an outbox entry's attachment
 * copies) into `<dir>/damaged/`, keeping its name (with a number added when one is already there).
 */
export function setAside(dir: string, file: string, reason: string, companions: string[] = []): DamagedFile {
  const damaged = join(dir, 'damaged');
  try {
    mkdirSync(damaged, { recursive: true, mode: 0o700 });
    const free = (name: string): string => {
      let target = join(damaged, name);
      for (let i = 1; existsSync(target); i++) target = join(damaged, `${name}.${i}`);
      return target;
    };
    const movedTo = free(basename(file));
    renameSync(file, movedTo);
    for (const c of companions) if (existsSync(c)) renameSync(c, free(basename(c)));
    return { file, movedTo, reason };
  } catch {
    // It stays where it is and is skipped; the notice says it could not be moved.
    return { file, movedTo: undefined, reason };
  }
}

/** Every valid document of a folder; the damaged ones set aside and returned apart. */
export function readStateFolder<T>(
  dir: string,
  check: ShapeCheck,
  companions: (file: string) => string[] = () => [],
): { items: T[]; damaged: DamagedFile[] } {
  const items: T[] = [];
  const damaged: DamagedFile[] = [];
  // Entries another user could have planted are not read at all (a planted case would be sent).
  assertTrusted(dirname(dir), 'folder');
  assertTrusted(dir, 'folder');
  for (const f of listJsonFiles(dir)) {
    const r = readStateFile<T>(f, check);
    if (r.ok) items.push(r.value);
    else if (!('missing' in r)) damaged.push(setAside(dir, f, r.reason, companions(f)));
  }
  return { items, damaged };
}

/** The line a command prints for each damaged file it set aside (standard error). */
export function damagedNotice(d: DamagedFile, what: string): string {
  return d.movedTo
    ? `warning: ${d.file} ${d.reason}: ${what} was set aside in ${d.movedTo} (kept, not deleted; repair it and move it back, or delete it).\n`
    : `warning: ${d.file} ${d.reason}: ${what} was skipped (it could not be moved to the damaged/ folder).\n`;
}

/** What a field of a state file must be; a function says what is wrong, or undefined. */
export type FieldSpec =
  | 'string'
  | 'string?'
  | 'number'
  | 'boolean'
  | 'object'
  | 'object?'
  | 'string[]?'
  | ((v: unknown) => string | undefined);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldProblem(v: unknown, spec: FieldSpec): string | undefined {
  if (typeof spec === 'function') return spec(v);
  const optional = spec.endsWith('?');
  if (optional && (v === undefined || v === null)) return undefined;
  const ok =
    spec === 'string' || spec === 'string?'
      ? typeof v === 'string'
      : spec === 'number'
        ? typeof v === 'number' && Number.isFinite(v)
        : spec === 'boolean'
          ? typeof v === 'boolean'
          : spec === 'string[]?'
            ? Array.isArray(v) && v.every((x) => typeof x === 'string')
            : isObject(v);
  return ok ? undefined : '';
}

/**
 * A shape check by hand (these run in commands that do not load zod): the first field that is
 * missing or of the wrong type, as "<kind> (<field>)", or undefined when the value fits.
 */
export function checkShape(kind: string, value: unknown, spec: Record<string, FieldSpec>): string | undefined {
  if (!isObject(value)) return kind;
  for (const [key, s] of Object.entries(spec)) {
    const p = fieldProblem(value[key], s);
    if (p !== undefined) return `${kind} (${p ? `${key}${p}` : key})`;
  }
  return undefined;
}

/** A list whose items each have a shape: "[2].path" names the first bad one. */
export function listOf(spec: Record<string, FieldSpec>): (v: unknown) => string | undefined {
  return (v) => {
    if (!Array.isArray(v)) return '';
    for (const [i, item] of v.entries()) {
      const p = checkShape('', item, spec);
      if (p !== undefined) return `[${i}]${p.replace(/^ \((.*)\)$/, '.$1')}`;
    }
    return undefined;
  };
}
