/**
 * Reads a batch of cases: NDJSON (one JSON case per line) or a YAML list. Every item keeps the
 * line it starts on, so that problems are reported by line before anything is sent.
 */
import { FileProblemError, ValidationError, type FieldIssue } from '../errors.js';

export interface BatchItem {
  line: number;
  data: unknown;
}

/** A batch may be large; each case is small. */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;

function isNdjson(text: string, name: string): boolean {
  if (/\.(ndjson|jsonl)$/i.test(name)) return true;
  if (/\.ya?ml$/i.test(name)) return false;
  const first = text.split('\n').find((l) => l.trim() !== '');
  return first !== undefined && first.trim().startsWith('{');
}

export async function parseBatch(text: string, name: string): Promise<BatchItem[]> {
  if (text.includes('\u0000')) throw new FileProblemError(name, 'holds binary data, not NDJSON or a YAML list of cases');
  if (isNdjson(text, name)) {
    const items: BatchItem[] = [];
    const problems: FieldIssue[] = [];
    text.split('\n').forEach((raw, i) => {
      const l = raw.trim();
      if (!l) return;
      try {
        items.push({ line: i + 1, data: JSON.parse(l) });
      } catch (e) {
        problems.push({ field: `line ${i + 1}`, message: `not valid JSON: ${(e as Error).message}` });
      }
    });
    if (problems.length) throw new ValidationError(problems, name, 'Each line of an NDJSON batch is one case as a JSON object.');
    return items;
  }
  const { parseDocument, LineCounter, isSeq } = await import('yaml');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors.length) {
    const first = doc.errors[0]!;
    const pos = first.linePos?.[0];
    throw new FileProblemError(name, `not valid YAML${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}: ${first.message.split('\n')[0]}`);
  }
  if (!isSeq(doc.contents)) throw new FileProblemError(name, 'a YAML batch is a list of cases ("- caseType: …" items)', 'Or give NDJSON: one JSON case per line.');
  let js: unknown[];
  try {
    js = doc.toJS({ maxAliasCount: 50 }) as unknown[];
  } catch (e) {
    throw new FileProblemError(name, `not a usable YAML document: ${(e as Error).message}`);
  }
  return doc.contents.items.map((node, i) => {
    const offset = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    return { line: lc.linePos(offset).line, data: js[i] };
  });
}
