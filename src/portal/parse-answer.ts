/**
 * Reading what the portal answers (and what the CLI kept of it) with the contract's zod schemas
 * (./schemas.ts), without loading zod when the answer is what the contract says.
 *
 * Each schema is also compiled by zod's own compiler into plain code (./answer-parsers.generated.ts,
 * written by `npm run gen`, checked against the schemas by the tests): it returns what the schema's
 * parse returns, or INVALID. On INVALID the zod runtime parses the value and says what is wrong:
 * zod's `withParser` contract, kept across a module boundary so that `case list`, `whoami`,
 * `notifications --check` or a read of the cached catalog run without zod (docs/performance.md).
 *
 * This is where the portal's text enters: every string of a parsed answer (keys included) has its
 * terminal controls and bidi overrides made visible (src/text/show-controls.ts) before any
 * renderer, prompt, help, template or completion is given it, unless the invocation prints JSON,
 * which keeps the exact data (`exact`; its printer escapes what a terminal would obey).
 */
import type * as z from 'zod/mini';
import type * as schemas from './schemas.js';
import { INVALID, fields, parsers } from './answer-parsers.generated.js';
import { showControlsIn } from '../text/show-controls.js';

type Schemas = typeof schemas;
/** The name of a schema of ./schemas.ts (`caseSchema`). */
export type AnswerName = { [K in keyof Schemas]: Schemas[K] extends () => z.ZodMiniType ? K : never }[keyof Schemas];
/** What that schema's parse returns. */
export type Answer<K extends AnswerName> = z.output<ReturnType<Schemas[K]>>;

type Parser = (input: unknown) => unknown;
// Every schema is compiled (npm run gen refuses one that cannot be).
const compiled: Record<AnswerName, Parser> = parsers;

/** `exact`: the strings as the portal sent them (for an invocation that prints JSON). */
export interface AnswerText {
  exact?: boolean | undefined;
}

export type AnswerResult<T> = { success: true; data: T } | { success: false; error: z.core.$ZodError };

/** Parses an answer as `schemas[name]().safeParse(value)` does. */
export async function parseAnswer<K extends AnswerName>(
  name: K,
  value: unknown,
  text: AnswerText = {},
): Promise<AnswerResult<Answer<K>>> {
  const out = compiled[name](value);
  if (out !== INVALID) return { success: true, data: (text.exact ? out : showControlsIn(out)) as Answer<K> };
  const runtime = (await import('./schemas.js'))[name] as () => z.ZodMiniType;
  return runtime().safeParse(value) as AnswerResult<Answer<K>>;
}

/**
 * The value as the schema parses it, or undefined where it would not: for what the CLI reads
 * leniently (its own caches, an error body), where an unreadable value is set aside, not explained.
 */
export function readAnswer<K extends AnswerName>(
  name: K,
  value: unknown,
  text: AnswerText = {},
): Answer<K> | undefined {
  const out = compiled[name](value);
  return out === INVALID ? undefined : ((text.exact ? out : showControlsIn(out)) as Answer<K>);
}

/** The keys of an object schema, in the contract's order (what `--json` offers). */
export function answerFields(name: keyof typeof fields): readonly string[] {
  return fields[name];
}
