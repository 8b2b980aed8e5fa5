/**
 * Every read of a local file or of standard input goes through here, with a size cap checked while
 * reading: `/dev/zero`, an endless pipe or a 200 MB paste stops at the cap with a message naming the
 * limit, instead of filling memory. Folders, devices and sockets are refused before any read (a
 * device such as /dev/zero never ends); regular files and pipes (`<(…)`, a named FIFO) are read.
 * Errors are FileProblemError: exit 2, the file and the fix named.
 */
import {
  close,
  closeSync,
  constants,
  fstat,
  fstatSync,
  open,
  openSync,
  read,
  readSync,
  stat,
  type Stats,
} from 'node:fs';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import { FileProblemError } from '../errors.js';
import { formatBytes } from '../domain/limits.js';

export const STDIN_NAME = 'standard input';

/**
 * node:fs's callbacks as promises (node:util is loaded with Node itself): node:fs/promises would
 * load, at the first read of a case file, Node's file handles, streams and readline (~3 ms of
 * `case validate`).
 */
const fsp = {
  stat: promisify(stat),
  open: promisify(open),
  fstat: promisify(fstat),
  read: promisify(read),
  close: promisify(close),
};

/** Standard input, or where to get it when it is needed (it is made on first use: src/io/iostreams.ts). */
export type StdinSource = Readable | (() => Readable);

/** O_NONBLOCK: a FIFO swapped in for a file must not stop the open; fstat then refuses it. */
const OPEN_NO_WAIT = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export interface ReadLimit {
  /** At most this many bytes are read; one more is an error. */
  bytes: number;
  /** What the input is, for the message: "a case file", "a comment". */
  what: string;
  /** How to fix an input that is too large (split it, use another format). */
  hint?: string;
  /** How to fix a path that names no readable file. */
  pathHint?: string;
  /** The folder a relative path is read from (the command's ctx.cwd); messages keep the path as given. */
  cwd?: string;
}

const pathFix = (limit: ReadLimit): string =>
  limit.pathHint ?? 'Give the path of a readable file (or - for standard input).';

/** Sizes in messages: "1 MiB", not "1.0 MiB" or "1048576 bytes". */
export function limitText(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return formatBytes(bytes);
}

export function tooLarge(name: string, limit: ReadLimit): FileProblemError {
  return new FileProblemError(
    name,
    `larger than ${limitText(limit.bytes)}, the limit for ${limit.what}; nothing was read past it`,
    limit.hint,
  );
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isFIFO()) return 'a pipe';
  return 'not a regular file';
}

function notAFile(name: string, st: Stats, limit: ReadLimit): FileProblemError {
  return new FileProblemError(name, `is ${kindOf(st)}, not a file`, pathFix(limit));
}

function openProblem(name: string, e: unknown, limit: ReadLimit): FileProblemError {
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === 'ENOENT'
      ? 'no such file'
      : err.code === 'EACCES' || err.code === 'EPERM'
        ? 'permission denied'
        : err.code === 'EISDIR'
          ? 'is a folder, not a file'
          : err.code === 'ELOOP'
            ? 'is a symbolic link, which is not followed here'
            : `cannot be read (${err.code ?? err.message})`;
  return new FileProblemError(name, why, pathFix(limit));
}

/** Chunks of a stream, stopping (and destroying it) as soon as the total passes the limit. */
export async function* boundedChunks(stream: Readable, limit: ReadLimit, name: string): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit.bytes) {
      stream.destroy();
      throw tooLarge(name, limit);
    }
    yield b;
  }
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

/** Reads a stream (standard input, a pipe) whole, up to the limit. */
export function readStreamBounded(stream: Readable, limit: ReadLimit, name = STDIN_NAME): Promise<Buffer> {
  return collect(boundedChunks(stream, limit, name));
}

/**
 * The chunks of a file, bounded. What the path names is looked at before it is opened (opening
 * a device can have effects, and /dev/zero never ends): a regular file is read through its
 * descriptor, checked again with fstat after opening so that what is read is what was checked; a
 * pipe (`<(…)`, a named FIFO) is read as any program reads one, with the cap; anything else is
 * refused.
 */
export async function* fileChunks(path: string, limit: ReadLimit): AsyncGenerator<Buffer> {
  const at = limit.cwd === undefined ? path : resolve(limit.cwd, path);
  let st: Stats;
  try {
    st = await fsp.stat(at);
  } catch (e) {
    throw openProblem(path, e, limit);
  }
  if (st.isFIFO()) {
    yield* boundedChunks(createReadStream(at), limit, path);
    return;
  }
  if (!st.isFile()) throw notAFile(path, st, limit);
  let fd: number;
  try {
    fd = await fsp.open(at, OPEN_NO_WAIT);
  } catch (e) {
    throw openProblem(path, e, limit);
  }
  try {
    const opened = await fsp.fstat(fd);
    if (!opened.isFile()) throw notAFile(path, opened, limit);
    if (opened.size > limit.bytes) throw tooLarge(path, limit);
    // The size may change while reading (a growing log): the cap is checked on what is read.
    let size = 0;
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      const { bytesRead } = await fsp.read(fd, buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > limit.bytes) throw tooLarge(path, limit);
      yield Buffer.from(buf.subarray(0, bytesRead));
    }
  } finally {
    await fsp.close(fd);
  }
}

/** A file read whole, up to the limit ("-" is a file name here). */
export function readFileBounded(path: string, limit: ReadLimit): Promise<Buffer> {
  return collect(fileChunks(path, limit));
}

/** A file (or "-": standard input) read whole, up to the limit. */
export function readBounded(path: string, stdin: StdinSource, limit: ReadLimit): Promise<Buffer> {
  return path === '-'
    ? readStreamBounded(typeof stdin === 'function' ? stdin() : stdin, limit)
    : readFileBounded(path, limit);
}

/**
 * Text as Windows editors and shells write it, made the text the portal stores: a UTF-8 byte-order
 * mark dropped, UTF-16 with a byte-order mark (Windows PowerShell 5.1's `>`, Notepad's "Unicode")
 * decoded, and CRLF line ends made LF (Notepad, PowerShell; otherwise `case show` prints `^M`).
 * UTF-16 without a byte-order mark cannot be told apart from binary data by its bytes alone, so it is
 * refused naming the fix. Chunk boundaries may fall anywhere (a BOM, a UTF-16 pair, a CR before its
 * LF): the pieces are carried to the next chunk. Yields UTF-8.
 */
export async function* textChunks(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  let decode: ((b: Buffer, end: boolean) => Buffer) | undefined;
  let cr = false; // the last chunk ended with CR: drop it if the next starts with LF
  const lf = (b: Buffer): Buffer => {
    const withCr = cr ? Buffer.concat([Buffer.from('\r'), b]) : b;
    cr = withCr.length > 0 && withCr[withCr.length - 1] === 0x0d;
    const body = cr ? withCr.subarray(0, -1) : withCr;
    return body.includes(0x0d) ? Buffer.from(body.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') : body;
  };
  for await (const chunk of chunks) {
    if (decode === undefined) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 4) continue;
      decode = decoderFor(head, name);
      const b = decode(head, false);
      if (b.length) yield lf(b);
      continue;
    }
    const b = decode(chunk, false);
    if (b.length) yield lf(b);
  }
  // A text shorter than four bytes is decided at its end; otherwise what the decoder still holds.
  const last = decode === undefined ? decoderFor(head, name)(head, true) : decode(Buffer.alloc(0), true);
  const out = lf(last);
  const tail = cr ? Buffer.concat([out, Buffer.from('\r')]) : out;
  if (tail.length) yield tail;
}

const UTF16_FIX =
  'Save it as UTF-8: in Notepad, File > Save As > Encoding "UTF-8"; in PowerShell, `Get-Content -Encoding Unicode in.txt | Set-Content -Encoding utf8 out.txt` (or pipe with $OutputEncoding = [Text.UTF8Encoding]::new($false)).';

/**
 * How the rest is decoded, from the first bytes. UTF-16 without a byte-order mark is recognized by
 * its zero bytes (ASCII text in UTF-16 has a zero in every other byte) and refused: guessing its byte
 * order would store garbage.
 */
function decoderFor(head: Buffer, name: string): (b: Buffer, end: boolean) => Buffer {
  let bom = true;
  const skipBom =
    (n: number, then: (b: Buffer, end: boolean) => Buffer) =>
    (b: Buffer, end: boolean): Buffer => {
      if (bom) {
        bom = false;
        return then(b.subarray(n), end);
      }
      return then(b, end);
    };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return skipBom(3, (b) => b);
  const le = head[0] === 0xff && head[1] === 0xfe;
  const be = head[0] === 0xfe && head[1] === 0xff;
  if (le || be) {
    const td = new TextDecoder('utf-16le', { fatal: true });
    let odd: Buffer | undefined; // a byte of a code unit split across chunks
    return skipBom(2, (b, end) => {
      let units = odd ? Buffer.concat([odd, b]) : Buffer.from(b);
      odd = units.length % 2 ? units.subarray(units.length - 1) : undefined;
      if (odd) units = units.subarray(0, units.length - 1);
      if (be) units.swap16();
      try {
        const text = td.decode(units, { stream: !end });
        if (end && odd) throw new Error('odd length');
        return Buffer.from(text, 'utf8');
      } catch {
        throw new FileProblemError(
          name,
          'is not valid UTF-16 text (it starts with a UTF-16 byte-order mark)',
          UTF16_FIX,
        );
      }
    });
  }
  if (head.length >= 2 && ((head[0] !== 0 && head[1] === 0) || (head[0] === 0 && head[1] !== 0)))
    throw new FileProblemError(name, 'looks like UTF-16 text without a byte-order mark, which is not read', UTF16_FIX);
  return (b) => b;
}

/** A whole text read (a file, standard input) as textChunks makes it: BOM dropped, UTF-16 decoded, CRLF made LF. */
export async function normalizedText(chunks: AsyncIterable<Buffer>, name: string): Promise<string> {
  return (await collect(textChunks(chunks, name))).toString('utf8');
}

/** Standard input (a password, a token) read whole as text, normalized as textChunks says. */
export function readStreamText(stream: Readable, limit: ReadLimit, name = STDIN_NAME): Promise<string> {
  return normalizedText(boundedChunks(stream, limit, name), name);
}

/** A file (or "-": standard input) read whole as text, normalized as textChunks says. */
export function readTextBounded(path: string, stdin: StdinSource, limit: ReadLimit): Promise<string> {
  if (path === '-') return readStreamText(typeof stdin === 'function' ? stdin() : stdin, limit);
  return normalizedText(fileChunks(path, limit), path);
}

/** A small text already read whole (a file an editor wrote), normalized as textChunks says. */
export function normalizeTextSync(bytes: Buffer, name: string): string {
  const decode = decoderFor(bytes, name);
  const text = decode(bytes, true).toString('utf8');
  return text.replace(/\r\n/g, '\n');
}

/**
 * Synchronous, for small files of our own (state files): regular files only, up to the limit.
 * `noFollow` refuses a symbolic link in the last component (files that hold secrets).
 */
export function readFileBoundedSync(path: string, limit: ReadLimit, opts: { noFollow?: boolean } = {}): Buffer {
  const fd = openSync(path, OPEN_NO_WAIT | (opts.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notAFile(path, st, limit);
    if (st.size > limit.bytes) throw tooLarge(path, limit);
    const parts: Buffer[] = [];
    let size = 0;
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      size += n;
      if (size > limit.bytes) throw tooLarge(path, limit);
      parts.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(parts);
  } finally {
    closeSync(fd);
  }
}
