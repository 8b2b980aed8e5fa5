/**
 * The one trust check of everything ic-support reads from its state folder, as ssh trusts ~/.ssh:
 * another local user who can write it could point config.json at a portal of their own (and
 * receive the password at the next login), plant a symbolic link where a token is written, plant a
 * catalog whose text is shown as ours, or plant a V8 code cache, which is compiled code run as the
 * user (a release build of V8 checks only the length of the source it was made for).
 *
 * - A folder or file owned by someone else (root aside) or writable by group or others is refused,
 *   with the fix; so is a folder above it, up to the home folder or the first folder root owns
 *   (ssh's rule): whoever can write a parent can swap the folder for one of their own.
 * - A file is checked by the handle it is read from (opened without following a link, then
 *   fstat): what is checked is what is read, even if the folder is swapped between the two.
 *
 * Light (node:fs only): the code cache and the fast settings reader use it before anything loads.
 * Windows has ACLs, not these modes: links, junctions, file types and whose profile a folder is in
 * are checked there (windowsTrustProblem).
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { FileProblemError } from '../errors.js';
import { andThen, makePrivate, removeFile } from '../text/shell-commands.js';

export type TrustKind = 'folder' | 'file' | 'secret file';

const ELSEWHERE = 'or point IC_SUPPORT_CONFIG_DIR at a folder of your own';

const currentUid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** What is wrong with the owner or mode of something we are about to trust, or undefined. */
function statProblem(path: string, st: Stats, kind: TrustKind, uid: number): FileProblemError | undefined {
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
      `Make it yours alone: ${makePrivate(path, kind === 'folder' ? 'folder' : 'file')}; ${ELSEWHERE}.`,
    );
  }
  return undefined;
}

/** The sticky bit (not in fs.constants): only an entry's owner may rename it. */
const STICKY = 0o1000;

/**
 * Why a folder above `dir` lets another user swap it, or undefined. Walks the real path up to the
 * home folder or the first folder root owns that only root can change entries of (a sticky /tmp
 * qualifies: nobody else can rename what is ours in it). A few stats; not remembered, so that a
 * folder changed during a run is seen.
 */
export function parentsProblem(dir: string): FileProblemError | undefined {
  const uid = currentUid();
  if (uid === undefined) return undefined;
  let real: string;
  try {
    real = realpathSync.native(dir);
  } catch {
    return undefined;
  }
  let home: string | undefined;
  try {
    home = realpathSync.native(homedir());
  } catch {
    home = undefined;
  }
  let problem: FileProblemError | undefined;
  for (let p = dirname(real); ; p = dirname(p)) {
    let st: Stats;
    try {
      st = statSync(p);
    } catch {
      break;
    }
    if (st.uid === 0) {
      // Root's folder ends the walk, unless others can rename what is in it (no sticky bit).
      if ((st.mode & 0o022) !== 0 && (st.mode & STICKY) === 0) problem = statProblem(p, st, 'folder', -1);
      break;
    }
    problem = statProblem(p, st, 'folder', uid);
    if (problem || p === home || p === dirname(p)) break;
  }
  return problem;
}

/**
 * Windows, where ACLs and not modes say who may write (Node cannot read them): what can be checked
 * is checked. A file that is a link or a junction is refused (a token is never read or written
 * through one); a folder whose real path is in another user's profile (C:\Users\<someone else>,
 * Public included) is refused, since that user controls it. `home` is for the tests.
 */
export function windowsTrustProblem(
  path: string,
  kind: TrustKind,
  home: string = homedir(),
): FileProblemError | undefined {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink() && kind !== 'folder') {
    return new FileProblemError(
      path,
      'is a link or junction; ic-support never reads or writes your tokens and settings through one',
      `Remove the link and sign in again: ${andThen(removeFile(path, 'win32'), 'ic-support login', 'win32')}`,
    );
  }
  if (kind !== 'folder') return undefined;
  let real: string;
  let profile: string;
  try {
    real = realpathSync.native(path);
    profile = realpathSync.native(home);
  } catch {
    return undefined;
  }
  const profiles = dirname(profile);
  const inProfiles = relative(profiles, real);
  if (!inProfiles || inProfiles.startsWith('..') || isAbsolute(inProfiles)) return undefined;
  const owner = inProfiles.split(/[\\/]/)[0]!;
  if (owner.toLowerCase() === basename(profile).toLowerCase()) return undefined;
  return new FileProblemError(
    path,
    `is in the profile folder of another user (${join(profiles, owner)}): ic-support does not trust a folder someone else controls`,
    `Use a folder in your own profile: remove IC_SUPPORT_CONFIG_DIR, or point it at one under ${profile}.`,
  );
}

/** Why `path` cannot be trusted, or undefined when it can (or does not exist yet). */
export function trustProblem(path: string, kind: TrustKind): FileProblemError | undefined {
  const uid = currentUid();
  if (uid === undefined) return process.platform === 'win32' ? windowsTrustProblem(path, kind) : undefined;
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
      `Remove the link and sign in again: ${andThen(removeFile(path), 'ic-support login')}`,
    );
  }
  return statProblem(path, st, kind, uid) ?? (kind === 'folder' ? parentsProblem(path) : undefined);
}

export function assertTrusted(path: string, kind: TrustKind): void {
  const p = trustProblem(path, kind);
  if (p) throw p;
}

export interface TrustedReadLimit {
  /** The largest file read. */
  bytes: number;
  /** What the file is, for the message when it is larger. */
  what: string;
}

/** Not waiting on a FIFO someone planted; where a flag does not exist (Windows) it is 0. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * A file of the state folder, read through the trust check: its folder and the folders above it
 * (by path; `folderChecked` when the caller has just done that for many files), then the file by the handle it is read from — a regular file, not a link, ours
 * (or root's) and writable by nobody else. A missing file throws ENOENT as fs does; anything
 * untrusted throws a FileProblemError naming the fix.
 */
export function readTrustedFileSync(
  path: string,
  limit: TrustedReadLimit,
  opts: { folderChecked?: boolean } = {},
): Buffer {
  const folderProblem = opts.folderChecked ? undefined : trustProblem(dirname(path), 'folder');
  if (folderProblem) throw folderProblem;
  // Windows: no O_NOFOLLOW; a link is refused by its lstat instead (a swap race there is the ACLs' job).
  if (constants.O_NOFOLLOW === undefined && lstatSync(path).isSymbolicLink()) throw linkProblem(path);
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    // O_NOFOLLOW on a link: ELOOP (Linux, macOS), EMLINK (FreeBSD).
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw linkProblem(path);
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new FileProblemError(path, 'is not a regular file', `Move it aside; ic-support writes only files here.`);
    const uid = currentUid();
    const problem = uid === undefined ? undefined : statProblem(path, st, 'file', uid);
    if (problem) throw problem;
    if (st.size > limit.bytes) throw tooLarge(path, limit);
    const parts: Buffer[] = [];
    let size = 0;
    const buf = Buffer.allocUnsafe(Math.min(64 * 1024, Math.max(st.size + 1, 1024)));
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      size += n;
      if (size > limit.bytes) throw tooLarge(path, limit);
      parts.push(Buffer.from(buf.subarray(0, n)));
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  } finally {
    closeSync(fd);
  }
}

function linkProblem(path: string): FileProblemError {
  return new FileProblemError(
    path,
    'is a symbolic link; ic-support never follows a link in its state folder',
    `Remove the link: ${removeFile(path)} (ic-support makes the file again).`,
  );
}

function tooLarge(path: string, limit: TrustedReadLimit): FileProblemError {
  return new FileProblemError(
    path,
    `is larger than ${limit.what} ever is (${limit.bytes} bytes)`,
    `Move it aside; ic-support makes it again.`,
  );
}
