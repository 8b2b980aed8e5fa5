/**
 * zod's settings as the CLI uses them, for every schema (classic `z` and the portal's zod/mini
 * schemas share zod's one global configuration). Without JIT: zod v4 compiles each object schema
 * into a function (with `new Function`) the first time it parses with it, which pays off over
 * thousands of parses but not in a command that parses one answer or one case file: measured,
 * alternating with node -e 0 (load 3.3), case validate 3.36x -> 3.03x and case submit
 * --from-file 5.46x -> 5.04x. Modules that build schemas import this module first. It takes
 * zod's configuration from zod/mini, so that a command that only reads (whose schemas are zod/mini,
 * src/portal/schemas.ts) does not load zod's classic API for it.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

// zod's English messages ("expected string, received number"): classic zod sets them when its
// first schema is made; zod/mini sets none, so a read-only command would say only "Invalid input".
config({ ...en(), jitless: true });

/**
 * For a command about to parse thousands of values with the same few schemas (a batch's cases):
 * zod's compiled parsers pay off there. (The portal's answers need no switch: they are parsed by
 * parsers zod compiled at build time, src/portal/parse-answer.ts.)
 */
export function manyParses(): void {
  config({ jitless: false });
}
