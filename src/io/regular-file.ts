/**
 * What a path names, looked at before a file is sent whole: a regular file that can be read (not a
 * folder, a FIFO or /dev/zero), and its size. Checked where files to attach are chosen
 * (src/input/attachment-files.ts) and again by the portal client just before it uploads one.
 */
import { accessSync, constants, statSync } from 'node:fs';

/** The file's size, or what is wrong with it: a phrase that follows its path ("no such file"). */
export function regularFile(path: string): { ok: true; size: number } | { ok: false; message: string } {
  try {
    const st = statSync(path);
    if (!st.isFile())
      return { ok: false, message: st.isDirectory() ? 'is a folder, not a file' : 'is not a regular file' };
    accessSync(path, constants.R_OK);
    return { ok: true, size: st.size };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      message:
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES'
            ? 'permission denied (cannot read it)'
            : (e as Error).message,
    };
  }
}
