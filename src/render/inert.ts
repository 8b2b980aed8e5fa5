/**
 * Makes text from outside (the portal's data and error messages, saved outbox errors) inert
 * before a terminal sees it: every C0 control character but tab and newline, DEL and every C1
 * control character is shown in caret notation, as gh and git do (go-gh's asciisanitizer), so an
 * OSC 52 (clipboard write), OSC 8 (hidden link), a title change, a clear-screen or a carriage
 * return that overwrites a line is printed as visible text and does nothing. Deleting them
 * instead (util.stripVTControlCharacters) would hide that the portal sent them.
 *
 * Applied once per text output path, to the data handed to the renderers (inertDeep) and to
 * every error message (src/cli/run.ts); --json output keeps the exact data (JSON escapes it).
 */

// C0 but tab (\x09) and newline (\x0a); DEL; C1 (U+0080 to U+009F, among them the 8-bit CSI U+009B).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function caret(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x7f) return '^?';
  // C1 has no caret form of its own: shown as the 7-bit escape it stands for (U+009B -> "^[[").
  if (code >= 0x80) return `^[${String.fromCharCode(code - 0x40)}`;
  return `^${String.fromCharCode(code + 0x40)}`;
}

/** The text with its control characters made visible; tab and newline kept. */
export function inert(text: string): string {
  return text.replace(CONTROL, caret);
}

/**
 * A copy of a value with every string in it (keys included) made inert: what a text renderer is
 * given, so no field can be forgotten. Plain data only (JSON-like), as the portal's answers are.
 */
export function inertDeep<T>(value: T): T {
  if (typeof value === 'string') return inert(value) as T;
  if (Array.isArray(value)) return value.map((v) => inertDeep(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[inert(k)] = inertDeep(v);
    return out as T;
  }
  return value;
}
