/** Opaque keyset cursors for case listings (last modified desc, number desc). Pure. */

export interface CursorPosition {
  lastModifiedAt: string;
  number: number;
}

export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify([p.lastModifiedAt, p.number]), 'utf8').toString('base64url');
}

/** The position a cursor stands for, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): CursorPosition | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 2) return undefined;
    const [m, n] = v as [unknown, unknown];
    if (
      typeof m !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T/.test(m) ||
      typeof n !== 'number' ||
      !Number.isInteger(n) ||
      n < 0
    )
      return undefined;
    return { lastModifiedAt: m, number: n };
  } catch {
    return undefined;
  }
}

/** Case numbers are 8-digit strings: 1042 -> "00001042". */
export const formatCaseNumber = (n: number): string => String(n).padStart(8, '0');

/** "00001042", "1042" -> 1042; undefined for anything else. */
export function parseCaseNumber(s: string): number | undefined {
  if (!/^\d{1,8}$/.test(s)) return undefined;
  const n = Number(s);
  return n > 0 ? n : undefined;
}
