/**
 * Idempotency keys. A case read from a file (or a batch) gets a key derived from its content, so
 * running the same file again returns the case already filed instead of filing it twice; the
 * `occurrence` tells apart identical cases listed twice in one batch on purpose. Pure.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so that key order in a file does not change the key. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function contentKey(body: unknown, occurrence = 0): string {
  const h = createHash('sha256').update(canonicalJson(body)).update(`#${occurrence}`).digest('hex');
  return `content-${h.slice(0, 40)}`;
}
