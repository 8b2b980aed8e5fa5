/**
 * Drives the built CLI through a real pseudo-terminal (@lydell/node-pty), as a person types:
 * wait for text on the screen, then send keys. Output is kept with ANSI sequences stripped so that
 * tests can look for words; `screen()` gives everything seen so far.
 */
import pty from '@lydell/node-pty';
import { BIN, ROOT, TEST_NODE } from './cli.js';

export const KEY = {
  enter: '\r',
  down: '\u001b[B',
  up: '\u001b[A',
  space: ' ',
  ctrlC: '\u0003',
  backspace: '\u007f',
} as const;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>]|\u001b\][^\u0007]*\u0007/g;

export interface PtySession {
  /** Waits until `text` (or a match of the pattern) appears after what earlier waits consumed; gives what matched. */
  expect(text: string | RegExp, timeoutMs?: number): Promise<string>;
  send(keys: string): void;
  /** Presses keys one at a time, as a person does (prompts may drop keys that arrive together). */
  press(key: string, times?: number): Promise<void>;
  /** Types a line and presses Enter. */
  line(text: string): void;
  screen(): string;
  /** Everything the CLI wrote, escape sequences included (byte-for-byte checks). */
  raw(): string;
  /** How it ended: its exit code, and the signal's number when a signal ended it (SIGINT: 2). */
  exited(): Promise<{ code: number; signal?: number }>;
  kill(): void;
}

export function spawnCli(
  args: string[],
  env: Record<string, string>,
  opts: { cols?: number; rows?: number } = {},
): PtySession {
  const p = pty.spawn(TEST_NODE, [BIN, ...args], {
    name: 'xterm-256color',
    cols: opts.cols ?? 120,
    rows: opts.rows ?? 40,
    cwd: ROOT,
    env: { ...env, TERM: 'xterm-256color' },
  });
  let raw = '';
  let consumed = 0;
  let exit: { code: number; signal?: number } | undefined;
  const waiters: (() => void)[] = [];
  const notify = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  p.onData((d) => {
    raw += d;
    notify();
  });
  const exitPromise = new Promise<{ code: number; signal?: number }>((resolve, reject) => {
    p.onExit((e) => {
      exit = e.signal ? { code: e.exitCode, signal: e.signal } : { code: e.exitCode };
      notify();
      const token = env.IC_SUPPORT_TOKEN;
      if (token && token.length >= 8 && raw.includes(token))
        reject(new Error(`ic-support ${args.join(' ')} showed its token (IC_SUPPORT_TOKEN) on the terminal`));
      else resolve(exit);
    });
  });
  const clean = (): string => raw.replace(ANSI, '');
  return {
    async expect(text, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = clean();
        const rest = s.slice(consumed);
        const idx = typeof text === 'string' ? rest.indexOf(text) : rest.search(text);
        if (idx >= 0) {
          const matched = typeof text === 'string' ? text : (rest.match(text)?.[0] ?? '');
          consumed += idx + matched.length;
          return matched;
        }
        if (exit) throw new Error(`the CLI exited (code ${exit.code}) before showing ${String(text)}; screen:\n${s}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${String(text)}; screen:\n${s}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 250));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    send: (keys) => p.write(keys),
    async press(key, times = 1) {
      for (let i = 0; i < times; i++) {
        p.write(key);
        await new Promise((r) => setTimeout(r, 40));
      }
    },
    line: (text) => p.write(`${text}\r`),
    screen: clean,
    raw: () => raw,
    exited: () => exitPromise,
    kill: () => p.kill(),
  };
}
