/**
 * Crash-safe files: write to a temporary file beside the target, flush it to disk, then rename it
 * over the target. A process killed at any point leaves the old file or the new one, never a torn
 * one. Files are private (0600) in a private folder (0700): drafts and the outbox hold case text.
 */
import { closeSync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { ensurePrivateDir } from '../config/paths.js';
import { FileProblemError } from '../errors.js';

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

export function writeFileAtomic(path: string, data: string | Buffer): void {
  const dir = dirname(path);
  try {
    ensurePrivateDir(dir);
    const tmp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    fsyncDir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC' || code === 'ENOTDIR') {
      throw new FileProblemError(dir, `cannot write here (${code})`, 'Make the folder writable, or point IC_SUPPORT_CONFIG_DIR at a folder you can write.', 1);
    }
    throw e;
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a JSON file, or undefined when it is missing; a broken one is an error naming the file. */
export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new FileProblemError(path, 'is not valid JSON (damaged?)', `Move it aside or delete it; it was written by ic-support and holds no secret.`);
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

/** Every JSON document of a folder (drafts, outbox entries), skipping files that vanished meanwhile. */
export function readAllJson<T>(dir: string): T[] {
  return listJsonFiles(dir)
    .map((f) => readJson(f) as T | undefined)
    .filter((x): x is T => x !== undefined);
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}
