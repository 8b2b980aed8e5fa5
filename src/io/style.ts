/**
 * Colour through chalk, at the level the IOStreams decided (NO_COLOR, --no-color, FORCE_COLOR and
 * the TTY already applied): chalk's own detection ignores NO_COLOR, so it is never asked.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { ColorLevel } from './iostreams.js';

const NAMES = ['bold', 'dim', 'red', 'green', 'yellow', 'blue', 'cyan', 'gray', 'bgRed', 'bgGreen', 'bgYellow', 'bgGray'] as const;
export type StyleName = (typeof NAMES)[number];
export type Styler = Record<StyleName, (s: string) => string>;

/** `enabled` is the stream's colour decision (io.colorOut / io.colorErr); `level` io.colorLevel. */
export function styler(enabled: boolean, level: ColorLevel = 1): Styler {
  const chalk: ChalkInstance = new Chalk({ level: enabled ? level : 0 });
  const out = {} as Styler;
  for (const name of NAMES) out[name] = (s: string) => chalk[name](s);
  return out;
}
