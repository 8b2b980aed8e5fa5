/**
 * Reads a batch of cases: NDJSON (one JSON case per line) or a YAML list. Every item keeps the
 * line it starts on, so that problems are reported by line before anything is sent.
 *
 * Memory stays bounded by what each format allows: NDJSON is read and parsed line by line (the
 * text is never held whole), so it may be large; a YAML document is parsed whole, into a syntax
 * tree many times the size of its text (60 MB of YAML took 2.9 GB), so a YAML batch is capped
 * much lower and the message points large batches at NDJSON.
 */
import { yamlProblem } from './yaml-problem.js';
import { checkKeyCount } from './yaml-keys.js';
import type { Readable } from 'node:stream';
import { FileProblemError, ValidationError, type FieldIssue } from '../errors.js';
import {
  STDIN_NAME,
  boundedChunks,
  fileChunks,
  limitText,
  textChunks,
  tooLarge,
  type ReadLimit,
} from '../io/bounded-read.js';
import { MAX_CASE_FILE_BYTES } from './case-file.js';

export interface BatchItem {
  /** The line the case starts on. */
  line: number;
  /** How messages name it: "line 3" in NDJSON (a case is a line), "item 2" in a YAML list. */
  label: string;
  data: unknown;
}

const BATCH_PATH_HINT =
  'Give the path of an NDJSON file (one JSON case per line) or a YAML list of cases, or - for standard input.';
export const NDJSON_BATCH_LIMIT: ReadLimit = {
  bytes: 64 * 1024 * 1024,
  what: 'an NDJSON batch',
  hint: 'Split the batch into several files of at most 64 MiB.',
  pathHint: BATCH_PATH_HINT,
};
export const YAML_BATCH_LIMIT: ReadLimit = {
  bytes: 2 * 1024 * 1024,
  what: 'a YAML batch',
  hint: `For large batches use NDJSON (one JSON case per line, e.g. cases.ndjson), which may be up to ${limitText(NDJSON_BATCH_LIMIT.bytes)}.`,
  pathHint: BATCH_PATH_HINT,
};
/** One NDJSON line is one case: no larger than a case file. */
const MAX_LINE_BYTES = MAX_CASE_FILE_BYTES;
/** Problems listed by line; past this many the rest are counted, not listed. */
const MAX_LISTED_PROBLEMS = 100;
/** Lines of `key: value` in a YAML batch (some 2,500 cases of 20 fields); NDJSON has no such cap. */
export const MAX_YAML_BATCH_KEYS = 50_000;

const NDJSON_HINT = 'Each line of an NDJSON batch is one case as a JSON object.';
const binary = (name: string): FileProblemError =>
  new FileProblemError(name, 'holds binary data, not NDJSON or a YAML list of cases');

function formatFromName(name: string): 'ndjson' | 'yaml' | undefined {
  if (/\.(ndjson|jsonl)$/i.test(name)) return 'ndjson';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  return undefined;
}

/**
 * Some NDJSON lines are not JSON: those are its issues, and `items` the lines that are, so that a
 * caller can check those too and list every problem of the batch at once.
 */
export class UnreadableLinesError extends ValidationError {
  constructor(
    issues: FieldIssue[],
    source: string,
    readonly items: BatchItem[],
  ) {
    super(issues, source, NDJSON_HINT);
  }
}

/** Collects NDJSON lines as they come: each is parsed on its own and its text dropped. */
class NdjsonItems {
  readonly items: BatchItem[] = [];
  private readonly problems: FieldIssue[] = [];
  private unlisted = 0;
  constructor(private readonly name: string) {}

  add(raw: string, line: number): void {
    if (raw.includes('\u0000')) throw binary(this.name);
    const l = raw.trim();
    if (!l) return;
    try {
      this.items.push({ line, label: `line ${line}`, data: JSON.parse(l) });
    } catch (e) {
      if (this.problems.length < MAX_LISTED_PROBLEMS)
        this.problems.push({ field: `line ${line}`, message: `not valid JSON: ${(e as Error).message.slice(0, 200)}` });
      else this.unlisted++;
    }
  }

  done(): BatchItem[] {
    if (this.unlisted) this.problems.push({ field: 'more', message: `${this.unlisted} more lines are not valid JSON` });
    if (this.problems.length) throw new UnreadableLinesError(this.problems, this.name, this.items);
    return this.items;
  }
}

async function parseYaml(text: string, name: string): Promise<BatchItem[]> {
  if (text.includes('\u0000')) throw binary(name);
  // Before the parse, whose duplicate-key check is quadratic in a mapping's keys.
  checkKeyCount(text, name, MAX_YAML_BATCH_KEYS, 'a YAML batch', YAML_BATCH_LIMIT.hint ?? '');
  const { parseDocument, LineCounter, isSeq } = await import('yaml');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors.length) {
    throw yamlProblem(doc.errors[0]!, text, name);
  }
  if (!isSeq(doc.contents))
    throw new FileProblemError(
      name,
      'a YAML batch is a list of cases ("- caseType: …" items)',
      'Or give NDJSON: one JSON case per line.',
    );
  let js: unknown[];
  try {
    js = doc.toJS({ maxAliasCount: 50 }) as unknown[];
  } catch (e) {
    throw new FileProblemError(name, `not a usable YAML document: ${(e as Error).message}`);
  }
  return doc.contents.items.map((node, i) => {
    const offset = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    return { line: lc.linePos(offset).line, label: `item ${i + 1}`, data: js[i] };
  });
}

/** A batch given as text: the same reading, line by line, as from a file. */
export async function parseBatch(text: string, name: string): Promise<BatchItem[]> {
  return itemsFrom(
    (async function* () {
      yield Buffer.from(text);
    })(),
    name,
  );
}

/**
 * Reads a batch from a file or standard input ("-"), bounded while reading. The format comes
 * from the file name (.ndjson/.jsonl, .yaml/.yml), else from the first non-blank line: "{" is NDJSON.
 */
export async function readBatch(
  path: string,
  stdin: Readable | (() => Readable),
  cwd?: string,
): Promise<{ items: BatchItem[]; name: string }> {
  const name = path === '-' ? STDIN_NAME : path;
  const limit = {
    ...(formatFromName(name) === 'yaml' ? YAML_BATCH_LIMIT : NDJSON_BATCH_LIMIT),
    ...(cwd !== undefined ? { cwd } : {}),
  };
  // Standard input is made only when it is read (making it loads Node's file streams when it is a file).
  const chunks =
    path === '-' ? boundedChunks(typeof stdin === 'function' ? stdin() : stdin, limit, name) : fileChunks(path, limit);
  return { items: await itemsFrom(textChunks(chunks, name), name), name };
}

async function itemsFrom(chunks: AsyncIterable<Buffer>, name: string): Promise<BatchItem[]> {
  let format = formatFromName(name);
  const nd = new NdjsonItems(name);
  // YAML text so far; until the format is known it holds the blank lines read.
  const yaml: Buffer[] = [];
  let yamlSize = 0;
  const addYaml = (b: Buffer): void => {
    yamlSize += b.length;
    if (yamlSize > YAML_BATCH_LIMIT.bytes) throw tooLarge(name, YAML_BATCH_LIMIT);
    yaml.push(b);
  };
  let pending: Buffer[] = [];
  let pendingSize = 0;
  let line = 0;
  /** One whole line (without its newline): decides the format on the first non-blank one. */
  const takeLine = (bytes: Buffer, newline: boolean): 'ndjson' | 'yaml' | undefined => {
    line++;
    const text = bytes.toString('utf8');
    if (format === undefined && text.trim() !== '') format = text.trim().startsWith('{') ? 'ndjson' : 'yaml';
    if (format === 'ndjson') nd.add(text, line);
    else addYaml(newline ? Buffer.concat([bytes, Buffer.from('\n')]) : bytes);
    return format;
  };

  for await (const chunk of chunks) {
    if (format === 'yaml') {
      addYaml(chunk);
      continue;
    }
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1 && start < chunk.length; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      const whole = pending.length ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      pendingSize = 0;
      start = nl + 1;
      if (takeLine(whole, true) === 'yaml') {
        addYaml(chunk.subarray(start));
        start = chunk.length;
      }
    }
    const rest = chunk.subarray(start);
    if (rest.length) {
      pendingSize += rest.length;
      if (pendingSize > MAX_LINE_BYTES)
        throw new FileProblemError(
          name,
          `line ${line + 1} is longer than ${limitText(MAX_LINE_BYTES)}, the limit for one case in a batch`,
          NDJSON_HINT,
        );
      pending.push(Buffer.from(rest));
    }
  }
  if (pendingSize) takeLine(Buffer.concat(pending), false);
  if (format === 'yaml') return parseYaml(Buffer.concat(yaml).toString('utf8'), name);
  return nd.done();
}
