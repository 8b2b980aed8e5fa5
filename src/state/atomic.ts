/**
 * Crash-safe files: write to a temporary file beside the target, flush it to disk, then rename it
 * over the target. A process killed at any point leaves the old file or the new one, never a torn
 * one. Files are private (0600) in a private folder (0700): drafts and the outbox hold case text.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { ensurePrivateDir } from '../config/paths.js';
import { FileProblemError } from '../errors.js';
import { readTrustedFileSync } from '../config/trust.js';

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a folder (Windows); the rename is still atomic there.
  }
}

/** Windows' transient refusals of a rename: an antivirus scan or the indexer holding the file open. */
const TRANSIENT_ON_WINDOWS = new Set(['EPERM', 'EBUSY', 'EACCES']);
/** How long a rename is retried in all; the waits double from 10 ms (10, 20, 40 … ms). */
export const RENAME_RETRY_MS = 1000;

/**
 * renameSync, retried for at most RENAME_RETRY_MS on Windows while the error is one an antivirus or
 * the search indexer causes by holding the target or the temporary file for a moment (there the
 * same codes are also real permission problems, which then fail after the short wait). Elsewhere
 * these errors are permanent and thrown at once. `rename` and `platform` are for the tests.
 */
export function renameRetrying(
  from: string,
  to: string,
  rename: (from: string, to: string) => void = renameSync,
  platform: NodeJS.Platform = process.platform,
): void {
  let waited = 0;
  for (let wait = 10; ; wait *= 2) {
    try {
      rename(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (platform !== 'win32' || !TRANSIENT_ON_WINDOWS.has(code) || waited >= RENAME_RETRY_MS) throw e;
      const ms = Math.min(wait, RENAME_RETRY_MS - waited);
      // A synchronous wait: the atomic writes are synchronous, and this happens only on a refusal.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      waited += ms;
    }
  }
}

/**
 * Writes `data` to a new temporary file beside `path`, flushed (unless `flush` is false), then
 * renames it over `path`.
 */
function replaceFile(path: string, data: string | Buffer, mode: number, flush = true, privateDir = false): void {
  const dir = dirname(path);
  let tmp = privateDir ? ownTempBeside(path) : tempBeside(path);
  try {
    let fd: number;
    for (let tries = 1; ; tries++) {
      try {
        fd = openSync(tmp, 'wx', mode);
        break;
      } catch (e) {
        // A name left by a killed process of the same pid: take the next one.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || tries === 5) throw e;
        tmp = privateDir ? ownTempBeside(path) : tempBeside(path);
      }
    }
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      if (flush) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameRetrying(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  if (flush) fsyncDir(dir);
}

/** A state file (private: 0600 in a 0700 folder), replaced atomically. */
export function writeFileAtomic(path: string, data: string | Buffer): void {
  writeStateFile(path, data, true);
}

function writeStateFile(path: string, data: string | Buffer, flush: boolean): void {
  const dir = dirname(path);
  try {
    ensurePrivateDir(dir);
    replaceFile(path, data, 0o600, flush, true);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC' || code === 'ENOTDIR') {
      throw new FileProblemError(
        dir,
        `cannot write here (${code})`,
        'Make the folder writable, or point IC_SUPPORT_CONFIG_DIR at a folder you can write.',
        1,
      );
    }
    throw e;
  }
}

/**
 * A cache file that can be made again (the V8 code cache, what the last listing saw): replaced
 * atomically, never torn, but not flushed to disk. One lost in a crash is made again; flushing
 * took ~3 ms a file here, and up to ~60 ms on a busy disk.
 */
export function writeCacheFileAtomic(path: string, data: string | Buffer): void {
  writeStateFile(path, data, false);
}

/**
 * A file the user asked for (a calendar export), replaced atomically in their own folder, which is
 * left as it is; the mode follows the umask. System errors are thrown as they are, for the caller
 * to explain in its own terms.
 */
export function writeUserFileAtomic(path: string, data: string | Buffer): void {
  replaceFile(path, data, 0o666);
}

/**
 * A temporary name beside `path` (same folder, so a rename is atomic); hidden, never a .json.
 * Unguessable: for a folder others may write in (a download's), where a name known in advance
 * could be taken first.
 */
export function tempBeside(path: string): string {
  return join(dirname(path), `.${basename(path).slice(0, 40)}.${randomBytes(6).toString('hex')}.tmp`);
}

let ownTemps = 0;
/**
 * A temporary name in the private state folder (0700, checked by ensurePrivateDir): nobody else
 * can make names there, so the process's own (pid, time, count) is enough, and no random bytes
 * are asked for. node:crypto costs ~5 ms to load, and a command that only reads would load it to
 * write its notifications cache or what a listing saw (docs/performance.md).
 */
function ownTempBeside(path: string): string {
  return join(
    dirname(path),
    `.${basename(path).slice(0, 40)}.${process.pid}-${Date.now().toString(36)}-${++ownTemps}.tmp`,
  );
}

/**
 * Puts a finished temporary file in place. Without `overwrite`, a hard link makes it appear only
 * if nothing is there yet (EEXIST otherwise; no check-then-write race); with it, a rename replaces
 * what is there (a symbolic link is replaced, never followed). The temporary name is removed.
 */
export function commitFile(tmp: string, path: string, o: { overwrite: boolean }): void {
  try {
    if (o.overwrite) renameRetrying(tmp, path);
    else {
      try {
        linkSync(tmp, path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw e;
        // A file system without hard links: a last check, then a rename.
        if (existsSync(path)) throw Object.assign(new Error(`${path} exists`), { code: 'EEXIST' });
        renameRetrying(tmp, path);
      }
    }
    fsyncDir(dirname(path));
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Reads a JSON file of the state folder (a cache, a watch state) through the one trust check, or
 * undefined when it is missing; a broken or untrusted one is an error naming the file.
 */
export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readTrustedFileSync(path, { bytes: 8 * 1024 * 1024, what: 'a state file' }).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new FileProblemError(
      path,
      'is not valid JSON (damaged?)',
      `Move it aside or delete it; it was written by ic-support and holds no secret.`,
    );
  }
}

/** The JSON files of a folder (temporary files of interrupted writes are skipped). */
export function listJsonFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .sort()
      .map((f) => join(dir, f));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}
