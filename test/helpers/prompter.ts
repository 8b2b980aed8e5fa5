/**
 * A strict fake of the prompter (src/cli/prompter.ts): it answers only the questions a test
 * expects, in order. An unexpected question, a question of another kind, or an expected question
 * never asked fails the test.
 */
import type { Prompter, Validate } from '../../src/cli/prompter.js';

export type Kind = 'input' | 'password' | 'confirm' | 'select' | 'checkbox';

export interface Expectation {
  kind: Kind;
  /** A part of the question, or a pattern it must match. */
  message: string | RegExp;
  answer: string | boolean | string[];
}

export interface FakePrompter extends Prompter {
  /** The questions asked so far, in order. */
  asked: { kind: Kind; message: string }[];
  /** Throws when an expected question was not asked. */
  assertDone(): void;
}

export function fakePrompter(expectations: Expectation[]): FakePrompter {
  const queue = [...expectations];
  const asked: { kind: Kind; message: string }[] = [];
  const next = (kind: Kind, message: string, validate?: Validate): string | boolean | string[] => {
    asked.push({ kind, message });
    const e = queue.shift();
    if (!e) throw new Error(`fakePrompter: unexpected ${kind} question "${message}"`);
    const matches = typeof e.message === 'string' ? message.includes(e.message) : e.message.test(message);
    if (e.kind !== kind || !matches)
      throw new Error(
        `fakePrompter: expected ${e.kind} "${String(e.message)}", got ${kind} "${message}" (the test's list of questions and answers says what the form asks, in order: a new question of the form goes there)`,
      );
    if (validate && typeof e.answer === 'string') {
      const v = validate(e.answer);
      if (v !== true) throw new Error(`fakePrompter: the answer to "${message}" fails its validation: ${v}`);
    }
    return e.answer;
  };
  return {
    asked,
    input: async (message, opts = {}) => String(next('input', message, opts.validate)),
    password: async (message, opts = {}) => String(next('password', message, opts.validate)),
    confirm: async (message) => Boolean(next('confirm', message)),
    select: async <T extends string>(message: string, choices: { value: T }[]) => {
      const a = String(next('select', message));
      if (!choices.some((c) => c.value === a))
        throw new Error(
          `fakePrompter: "${a}" is not a choice of "${message}": ${choices.map((c) => c.value).join(', ')}`,
        );
      return a as T;
    },
    checkbox: async <T extends string>(
      message: string,
      choices: { value: T }[],
      opts: { validate?: (picked: readonly T[]) => true | string } = {},
    ) => {
      const a = next('checkbox', message);
      const picked = (Array.isArray(a) ? a : [String(a)]) as T[];
      for (const p of picked)
        if (!choices.some((c) => c.value === p))
          throw new Error(`fakePrompter: "${p}" is not a choice of "${message}"`);
      const v = opts.validate?.(picked);
      if (v !== undefined && v !== true)
        throw new Error(`fakePrompter: the answer to "${message}" fails its validation: ${v}`);
      return picked;
    },
    assertDone() {
      if (queue.length)
        throw new Error(
          `fakePrompter: ${queue.length} expected question(s) not asked: ${queue.map((q) => String(q.message)).join(', ')}`,
        );
    },
  };
}
