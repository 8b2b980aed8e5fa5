/**
 * Reads a case file (YAML or JSON, from a path or standard input) into plain data, with a clear
 * message naming the file, line and column when it is not well-formed. Validation is the domain's.
 */
import { yamlProblem } from './yaml-problem.js';
import { checkKeyCount } from './yaml-keys.js';
import { FileProblemError } from '../errors.js';
import { STDIN_NAME, readTextBounded, type ReadLimit, type StdinSource } from '../io/bounded-read.js';

/** Larger than any real case; stops a mistaken `ic-support case validate /dev/zero`. */
export const MAX_CASE_FILE_BYTES = 1024 * 1024;
export const CASE_FILE_LIMIT: ReadLimit = {
  bytes: MAX_CASE_FILE_BYTES,
  what: 'a case file',
  hint: 'A case file holds one case; many cases go in a batch: ic-support case submit --batch FILE.',
  pathHint: 'Give the path of a YAML or JSON case file (ic-support case template <type> writes one).',
};

/** Lines of `key: value` in a case file: a case type has at most 200 fields, the rest is room for long text. */
export const MAX_CASE_FILE_KEYS = 2_000;

/**
 * A text value read from a file or standard input: `--field description=@notes.txt`, `--subject -`,
 * `case comment --body-file`. The portal decides how long a value may be; this only stops a read
 * that would never end.
 */
export const TEXT_VALUE_LIMIT: ReadLimit = { bytes: 1024 * 1024, what: 'a text value' };

/** Parses YAML or JSON text; JSON is YAML too, but JSON errors read better from JSON.parse. */
export async function parseCaseText(text: string, name: string): Promise<unknown> {
  if (text.includes('\u0000')) throw new FileProblemError(name, 'holds binary data, not a YAML or JSON case file');
  const trimmed = text.trimStart();
  if (/\.json$/i.test(name) || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      if (/\.json$/i.test(name)) throw new FileProblemError(name, `not valid JSON: ${(e as Error).message}`);
    }
  }
  // Before the parse, whose duplicate-key check is quadratic in a mapping's keys.
  checkKeyCount(
    text,
    name,
    MAX_CASE_FILE_KEYS,
    'a case file',
    'A case type has at most 200 fields; many cases go in a batch: ic-support case submit --batch FILE.',
  );
  const { parseDocument } = await import('yaml');
  // A small alias budget stops "billion laughs" files; a real case file needs no aliases at all.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw yamlProblem(doc.errors[0]!, text, name);
  }
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new FileProblemError(name, `not a usable YAML document: ${(e as Error).message}`);
  }
}

/** `cwd`: the folder a relative path is read from (the command's). */
export async function readCaseFile(
  path: string,
  stdin: StdinSource,
  cwd?: string,
): Promise<{ data: unknown; name: string }> {
  const name = path === '-' ? STDIN_NAME : path;
  const text = await readTextBounded(path, stdin, { ...CASE_FILE_LIMIT, ...(cwd !== undefined ? { cwd } : {}) });
  return { data: await parseCaseText(text, name), name };
}
