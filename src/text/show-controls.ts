/**
 * Text from outside (every answer of the portal, the Notifications page and the sandbox, what the CLI
 * kept of them, error messages) with its terminal controls shown instead of obeyed: every C0
 * control character but tab and newline, DEL and every C1 control character in caret notation,
 * as gh and git do (go-gh's asciisanitizer), so an OSC 52 (clipboard write), OSC 8 (hidden link),
 * a title change, a clear-screen or a carriage return that overwrites a line is printed as visible
 * text and does nothing; and every bidirectional override, embedding and isolate (U+202A-U+202E,
 * U+2066-U+2069: "Trojan Source") as <U+202E>, so no text is shown in an order other than its
 * own. Deleting them instead (util.stripVTControlCharacters) would hide that the portal sent them.
 *
 * Applied where answers enter (src/portal/parse-answer.ts: every string of every answer, live or
 * cached, before any renderer, prompt, help, template or completion sees it) and to every error
 * message (src/cli/run.ts). A command that prints JSON keeps the exact data: JSON escapes C0, and
 * escapeForJson (below) writes C1 and the bidi controls as \u escapes.
 */

// C0 but tab (\x09) and newline (\x0a); DEL; C1 (U+0080 to U+009F, among them the 8-bit CSI U+009B);
// the bidi embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function shown(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x7f) return '^?';
  if (code >= 0x2000) return `<U+${code.toString(16).toUpperCase()}>`;
  // C1 has no caret form of its own: shown as the 7-bit escape it stands for (U+009B -> "^[[").
  if (code >= 0x80) return `^[${String.fromCharCode(code - 0x40)}`;
  return `^${String.fromCharCode(code + 0x40)}`;
}

/** The text with its terminal controls and bidi overrides made visible; tab and newline kept. */
export function showControls(text: string): string {
  return text.replace(CONTROL, shown);
}

/**
 * A copy of a value with every string in it (keys included) passed through showControls. Plain
 * data only (JSON-like), as the portal's answers are; the value itself is left as it was.
 */
export function showControlsIn<T>(value: T): T {
  if (typeof value === 'string') return showControls(value) as T;
  if (Array.isArray(value)) return value.map((v) => showControlsIn(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[showControls(k)] = showControlsIn(v);
    return out as T;
  }
  return value;
}

// Characters JSON.stringify writes as they are that a terminal would obey or reorder by: DEL, C1, the
// bidi controls, and the line and paragraph separators (a JSON text may hold them raw).
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (from JSON.stringify) with those characters written as \u escapes: the same JSON
 * value, exact data, and nothing a terminal obeys.
 */
export function escapeForJson(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
