/**
 * The state folder cannot be created or written: which folder, why, and how to move it. Light
 * (errors only): raised where the store opens the folder and, for the drafts and the outbox, where
 * the command boundary (src/cli/program.ts) meets a file-system error inside it.
 */
import { FileProblemError } from '../errors.js';

export function stateDirProblem(root: string, e: NodeJS.ErrnoException): FileProblemError {
  const why =
    e.code === 'ENOTDIR'
      ? 'cannot be created: a file stands where a folder should be'
      : e.code === 'EACCES' || e.code === 'EPERM'
        ? 'cannot be created or written: permission denied'
        : e.code === 'EROFS'
          ? 'cannot be written: read-only file system'
          : e.code === 'ENOSPC' || e.code === 'EDQUOT'
            ? 'cannot be written: no space left'
            : `cannot be created (${e.code ?? e.message})`;
  return new FileProblemError(
    root,
    `the ic-support state folder ${why}`,
    'Make it a folder you can write to, or point IC_SUPPORT_CONFIG_DIR at one.',
  );
}
