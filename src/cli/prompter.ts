/**
 * The prompter: the questions a command may ask, behind an interface so that tests use a strict
 * fake (test/helpers/prompter.ts) where an unexpected question fails the test. The real one is
 * @inquirer/prompts on the terminal (prompts go to stderr; stdout stays for data). Ctrl-C becomes
 * an InterruptedError. Ask only when ctx.io.canPrompt(): inquirer hangs on a pipe held open.
 */
import type { IOStreams } from '../io/iostreams.js';
import { InterruptedError, UsageError } from '../errors.js';

export type Validate = (value: string) => true | string;

export interface Prompter {
  input(message: string, opts?: { default?: string; validate?: Validate }): Promise<string>;
  /** Hidden input (a password, a token): never echoed. */
  password(message: string, opts?: { validate?: Validate }): Promise<string>;
  confirm(message: string, opts?: { default?: boolean }): Promise<boolean>;
  select<T extends string>(
    message: string,
    choices: { value: T; name?: string; description?: string }[],
    opts?: { default?: T },
  ): Promise<T>;
  /** Several of a list (multi-select). */
  checkbox<T extends string>(
    message: string,
    choices: { value: T; name?: string; checked?: boolean }[],
    opts?: { validate?: (picked: readonly T[]) => true | string },
  ): Promise<T[]>;
}

export function inquirerPrompter(io: IOStreams): Prompter {
  const guard = (): void => {
    if (!io.canPrompt())
      throw new UsageError(
        'Cannot ask: there is no terminal (or --no-input / CI is set).',
        'Give the value with a flag or standard input; see --help.',
      );
  };
  const ctxt = { input: io.stdin, output: io.stderr, clearPromptOnDone: false };
  const wrap = async <T>(f: () => Promise<T>): Promise<T> => {
    guard();
    try {
      return await f();
    } catch (e) {
      if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError'))
        throw new InterruptedError();
      throw e;
    }
  };
  const load = () => import('@inquirer/prompts');
  return {
    input: (message, opts = {}) =>
      wrap(async () =>
        (await load()).input(
          {
            message,
            ...(opts.default !== undefined ? { default: opts.default } : {}),
            ...(opts.validate ? { validate: opts.validate } : {}),
          },
          ctxt,
        ),
      ),
    password: (message, opts = {}) =>
      wrap(async () =>
        (await load()).password({ message, mask: '*', ...(opts.validate ? { validate: opts.validate } : {}) }, ctxt),
      ),
    confirm: (message, opts = {}) =>
      wrap(async () =>
        (await load()).confirm({ message, ...(opts.default !== undefined ? { default: opts.default } : {}) }, ctxt),
      ),
    select: (message, choices, opts = {}) =>
      wrap(async () =>
        (await load()).select(
          { message, choices, ...(opts.default !== undefined ? { default: opts.default } : {}) },
          ctxt,
        ),
      ),
    checkbox: (message, choices, opts = {}) =>
      wrap(async () =>
        (await load()).checkbox(
          {
            message,
            choices,
            ...(opts.validate
              ? {
                  validate: (items: readonly { value: (typeof choices)[number]['value'] }[]) =>
                    opts.validate!(items.map((i) => i.value)),
                }
              : {}),
          },
          ctxt,
        ),
      ),
  };
}
