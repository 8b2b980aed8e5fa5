/**
 * Colour without a dependency on start-up: ANSI codes applied only when the stream may be
 * coloured (the IOStreams decided that from NO_COLOR, --no-color, FORCE_COLOR and the TTY).
 */
const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  cyan: [36, 39],
  gray: [90, 39],
  bgRed: [41, 49],
  bgGreen: [42, 49],
  bgYellow: [43, 49],
  bgGray: [100, 49],
} as const;
export type StyleName = keyof typeof codes;
export type Styler = Record<StyleName, (s: string) => string>;

export function styler(enabled: boolean): Styler {
  const out = {} as Styler;
  for (const [name, [open, close]] of Object.entries(codes) as [StyleName, readonly [number, number]][]) {
    out[name] = enabled ? (s: string) => `\u001b[${open}m${s}\u001b[${close}m` : (s: string) => s;
  }
  return out;
}
