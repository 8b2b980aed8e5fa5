/**
 * zod as the CLI uses it. Without JIT: zod v4 compiles each object schema into a function (with
 * `new Function`) the first time it parses with it, which pays off over thousands of parses but
 * not in a command that parses one answer or one case file: measured, alternating with node -e 0
 * (load 3.3), case validate 3.36x -> 3.03x and case submit --from-file 5.46x -> 5.04x. The setting is
 * zod's global one: the modules that build the CLI's schemas import zod from here.
 */
import { z } from 'zod';

z.config({ jitless: true });

/**
 * For a command about to parse thousands of values with the same few schemas (a batch's cases
 * and answers, the pages of `case list --all`): zod's compiled parsers pay off there.
 */
export function manyParses(): void {
  z.config({ jitless: false });
}

export { z };
