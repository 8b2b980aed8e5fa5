/**
 * A cap on the keys of a YAML text, checked before it is parsed. The yaml package checks a
 * mapping's keys for duplicates in time quadratic in their number (a 1 MB case file of 100,000
 * keys took over a minute of CPU); a real case has at most a few hundred. The count is an upper
 * bound found in one pass over the lines: every line that could hold a `key:` (a line of a block
 * text that looks like one counts too, so the caps leave room for pasted logs).
 */
import { FileProblemError } from '../errors.js';

/** Lines that could hold a block mapping's `key:` (or a flow mapping's keys, counted by their commas). */
export function keyLikeLines(text: string): number {
  let n = 0;
  let colon = false;
  let flow = false;
  let commas = 0;
  const endLine = (): void => {
    // A flow mapping ({a: 1, b: 2}) holds a key per comma on its line, and one more.
    if (colon) n += 1 + (flow ? 1 + commas : 0);
    colon = flow = false;
    commas = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) endLine();
    else if (c === 58) colon = true;
    else if (c === 123) flow = true;
    else if (c === 44) commas++;
  }
  endLine();
  return n;
}

/** Refuses a YAML text with more than `max` key-like lines, naming the cap and what to do. */
export function checkKeyCount(text: string, name: string, max: number, what: string, hint: string): void {
  if (keyLikeLines(text) > max)
    throw new FileProblemError(
      name,
      `has more than ${max.toLocaleString('en-US')} keys, more than ${what} ever has`,
      hint,
    );
}
