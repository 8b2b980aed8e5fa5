/**
 * The commands a hint tells the user to run, in the shell of their platform: PowerShell on Windows
 * (each runs in Windows PowerShell 5.1 and PowerShell 7: no `&&`), a POSIX shell elsewhere. Every
 * hint that names a command of the system builds it here, so that none says `rm`, `mv`, `chmod`
 * or `export` to someone on Windows (issue 28 §2). `platform` is for tests; by default it is the
 * running one.
 */
type Platform = NodeJS.Platform;

const windows = (platform: Platform): boolean => platform === 'win32';

/**
 * A path as PowerShell reads it literally: single quotes (a `$` or a backtick in a name stays
 * itself), a quote inside doubled. A POSIX hint keeps double quotes, as every hint always has.
 */
const quote = (path: string, platform: Platform): string =>
  windows(platform) ? `'${path.replaceAll("'", "''")}'` : `"${path}"`;

/** Removes a file. */
export const removeFile = (path: string, platform: Platform = process.platform): string =>
  windows(platform) ? `Remove-Item -LiteralPath ${quote(path, platform)}` : `rm ${quote(path, platform)}`;

/** Removes a folder and everything in it. */
export const removeFolder = (path: string, platform: Platform = process.platform): string =>
  windows(platform) ? `Remove-Item -Recurse -LiteralPath ${quote(path, platform)}` : `rm -r ${quote(path, platform)}`;

/** Renames (moves) a file. */
export const moveFile = (from: string, to: string, platform: Platform = process.platform): string =>
  windows(platform)
    ? `Move-Item -LiteralPath ${quote(from, platform)} -Destination ${quote(to, platform)}`
    : `mv ${quote(from, platform)} ${quote(to, platform)}`;

/**
 * Makes a file or folder readable and writable by the user alone: `chmod 600`/`700`; on Windows,
 * icacls removes the inherited entries and gives the signed-in user full control (a folder's
 * entry inherited by what is in it).
 */
export const makePrivate = (path: string, kind: 'file' | 'folder', platform: Platform = process.platform): string =>
  windows(platform)
    ? `icacls ${quote(path, platform)} /inheritance:r /grant:r "\${env:USERNAME}:${kind === 'folder' ? '(OI)(CI)F' : 'F'}"`
    : `chmod ${kind === 'folder' ? '700' : '600'} ${quote(path, platform)}`;

/** Sets an environment variable for the rest of the session. */
export const setVariable = (name: string, value: string, platform: Platform = process.platform): string =>
  windows(platform) ? `$env:${name} = '${value.replaceAll("'", "''")}'` : `export ${name}=${value}`;

/** Removes an environment variable from the session. */
export const unsetVariable = (name: string, platform: Platform = process.platform): string =>
  windows(platform) ? `Remove-Item Env:${name}` : `unset ${name}`;

/** Runs `first`, then `second`: if it worked (`&&`); in PowerShell after it (`;`: 5.1 has no `&&`). */
export const andThen = (first: string, second: string, platform: Platform = process.platform): string =>
  windows(platform) ? `${first}; ${second}` : `${first} && ${second}`;
