/**
 * The state folder is trusted only when it is the user's, as ssh trusts ~/.ssh: another local user
 * who can write it could point config.json at a portal of their own (and receive the password at
 * the next login) or plant a symbolic link where a token is written. A folder or file owned by
 * someone else (root aside) or writable by group or others is refused, with the fix; the file that
 * holds tokens must not be a symbolic link. Light (node:fs only): the fast settings reader uses it.
 * Windows has ACLs, not these modes: nothing is checked there.
 */
import { lstatSync, statSync, type Stats } from 'node:fs';
import { FileProblemError } from '../errors.js';

export type TrustKind = 'folder' | 'file' | 'secret file';

const ELSEWHERE = 'or point IC_SUPPORT_CONFIG_DIR at a folder of your own';

/** Why `path` cannot be trusted, or undefined when it can (or does not exist yet). */
export function trustProblem(path: string, kind: TrustKind): FileProblemError | undefined {
  if (typeof process.getuid !== 'function') return undefined;
  const uid = process.getuid();
  let st: Stats;
  try {
    st = kind === 'secret file' ? lstatSync(path) : statSync(path);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) {
    return new FileProblemError(
      path,
      'is a symbolic link; ic-support never follows a link for the file that holds your tokens',
      `Remove the link and sign in again: rm "${path}" && ic-support login`,
    );
  }
  if (st.uid !== uid && st.uid !== 0) {
    return new FileProblemError(
      path,
      `is owned by another user (uid ${st.uid}; you are uid ${uid}): ic-support does not trust a ${kind === 'folder' ? 'config folder' : 'config file'} someone else controls`,
      `If it is yours, take it back (as root): chown -R ${uid} "${path}"; ${ELSEWHERE}.`,
    );
  }
  if ((st.mode & 0o022) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
    return new FileProblemError(
      path,
      `can be written by other users (mode ${mode}): ic-support does not trust it`,
      `Make it yours alone: chmod ${kind === 'folder' ? '700' : '600'} "${path}"; ${ELSEWHERE}.`,
    );
  }
  return undefined;
}

export function assertTrusted(path: string, kind: TrustKind): void {
  const p = trustProblem(path, kind);
  if (p) throw p;
}
