/**
 * Color through chalk, at the level the IOStreams decided (NO_COLOR, --no-color, FORCE_COLOR and
 * the TTY already applied): chalk's own detection ignores NO_COLOR, so it is never asked.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { ColorLevel } from './iostreams.js';

const NAMES = [
  'bold',
  'dim',
  'red',
  'green',
  'yellow',
  'blue',
  'cyan',
  'gray',
  'bgRed',
  'bgGreen',
  'bgYellow',
  'bgGray',
] as const;
export type StyleName = (typeof NAMES)[number];
export type Styler = Record<StyleName, (s: string) => string>;

const same = (s: string): string => s;
const PLAIN = Object.freeze(Object.fromEntries(NAMES.map((n) => [n, same])) as Styler);

/** `enabled` is the stream's color decision (io.colorOut / io.colorErr); `level` io.colorLevel. */
export function styler(enabled: boolean, level: ColorLevel = 1): Styler {
  // Without color every style is the text itself; chalk is not even loaded then (the build
  // loads it on first use: scripts/bundle/lazy-chalk.cjs).
  if (!enabled) return PLAIN;
  const chalk: ChalkInstance = new Chalk({ level });
  const out = {} as Styler;
  for (const name of NAMES) out[name] = (s: string) => chalk[name](s);
  return out;
}
