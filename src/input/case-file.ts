/**
 * Reads a case file (YAML or JSON, from a path or standard input) into plain data, with a clear
 * message naming the file, line and column when it is not well-formed. Validation is the domain's.
 */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { FileProblemError } from '../errors.js';

/** Larger than any real case; stops a mistaken `ic-support case validate /dev/zero`. */
export const MAX_CASE_FILE_BYTES = 1024 * 1024;

export async function readStream(stream: Readable, limit = MAX_CASE_FILE_BYTES, name = 'standard input'): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit) throw new FileProblemError(name, `larger than ${limit / 1024} KiB; a case file is much smaller`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readText(path: string, stdin: Readable): Promise<{ text: string; name: string }> {
  if (path === '-') return { text: await readStream(stdin), name: 'standard input' };
  try {
    const buf = await readFile(path);
    if (buf.length > MAX_CASE_FILE_BYTES) throw new FileProblemError(path, `larger than ${MAX_CASE_FILE_BYTES / 1024} KiB; a case file is much smaller`);
    return { text: buf.toString('utf8'), name: path };
  } catch (e) {
    if (e instanceof FileProblemError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder, not a file' : (e as Error).message;
    throw new FileProblemError(path, why, 'Give the path of a YAML or JSON case file (ic-support case template <type> writes one).');
  }
}

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
  const { parseDocument } = await import('yaml');
  // A small alias budget stops "billion laughs" files; a real case file needs no aliases at all.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = first.linePos?.[0];
    const at = pos ? ` (line ${pos.line}, column ${pos.col})` : '';
    throw new FileProblemError(name, `not valid YAML${at}: ${first.message.split('\n')[0]}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new FileProblemError(name, `not a usable YAML document: ${(e as Error).message}`);
  }
}

export async function readCaseFile(path: string, stdin: Readable): Promise<{ data: unknown; name: string }> {
  const { text, name } = await readText(path, stdin);
  return { data: await parseCaseText(text, name), name };
}
