/**
 * File names that came from someone else (an attachment's name as the uploader chose it) made safe
 * to create inside a folder of ours: never a path, never outside the folder, never a special name.
 * Pure.
 */

// Windows refuses these as file names whatever the extension (CON.txt too).
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_BYTES = 200;

/**
 * One path segment: separators become "_", "." and ".." segments and control characters go,
 * characters Windows forbids become "_", leading dots become "_" (no hidden files, no ".."), and
 * the result is cut to 200 bytes keeping the extension. Empty -> `fallback`.
 */
export function safeFileName(name: string, fallback = 'attachment'): string {
  const parts = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .split(/[/\\]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  let s = parts
    .join('_')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^\.+/, (dots) => '_'.repeat(dots.length))
    .replace(/[. ]+$/, '');
  if (s === '' || /^_+$/.test(s)) s = fallback;
  if (RESERVED.test(s)) s = `_${s}`;
  if (Buffer.byteLength(s) > MAX_BYTES) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 16 ? s.slice(dot) : '';
    let stem = s.slice(0, s.length - ext.length);
    while (Buffer.byteLength(stem + ext) > MAX_BYTES) stem = [...stem].slice(0, -1).join('');
    s = stem + ext;
  }
  return s;
}

/** "report.pdf" taken -> "report (2).pdf", "report (3).pdf", … (case-insensitive, for macOS and Windows). */
export function uniqueFileName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name.toLowerCase())) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 2; ; i++) {
    const candidate = `${stem} (${i})${ext}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
