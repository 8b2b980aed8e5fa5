/**
 * A dispatcher for in-process runs (Services.dispatcher) that holds every request until the CLI
 * has written to its terminal again: so a wait at a (pretend) terminal lasts until its spinner
 * has drawn a frame, on an event rather than on an injected latency of seconds. Where no spinner
 * runs, nothing is written while the request waits: after `giveUpMs` it is sent anyway and
 * counted in `unseen()`, which a test of the spinner expects to be 0 (a clear failure, not a hang).
 */
import { expect } from 'vitest';
import { Agent, type Dispatcher } from 'undici';
import { runCli, type CliResult, type InProcessOptions } from './cli.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export interface HeldRequests {
  dispatcher: Dispatcher;
  /** Call on every write of the CLI (InProcessOptions.onOutput): sends what was held before it. */
  written(): void;
  /** How many requests were held and then sent. */
  sent(): number;
  /** How many were sent without any output while they were held (no spinner drew). */
  unseen(): number;
  close(): Promise<void>;
}

export function holdRequestsUntilOutput(giveUpMs = 5000): HeldRequests {
  let held: (() => void)[] = [];
  let sent = 0;
  let unseen = 0;
  const agent = new Agent();
  const dispatcher = agent.compose((dispatch) => (opts, handler) => {
    let done = false;
    const send = (): void => {
      if (done) return;
      done = true;
      clearTimeout(late);
      sent++;
      dispatch(opts, handler);
    };
    const late = setTimeout(() => {
      held = held.filter((h) => h !== send);
      unseen++;
      send();
    }, giveUpMs);
    held.push(send);
    return true;
  });
  return {
    dispatcher,
    written() {
      const go = held;
      held = [];
      for (const send of go) send();
    },
    sent: () => sent,
    unseen: () => unseen,
    close: () => agent.close(),
  };
}

/**
 * The command in this process at a pretend terminal (100 columns unless given), each request held
 * until the spinner has drawn; fails if one was sent with nothing drawn. `text` is stderr without
 * escape sequences, as a reader of the screen sees it.
 */
export async function runAtTerminal(
  args: string[],
  opts: Pick<InProcessOptions, 'env' | 'services' | 'cwd'> & { columns?: number },
): Promise<CliResult & { text: string; sent: number }> {
  const held = holdRequestsUntilOutput();
  try {
    const r = await runCli(args, {
      ...opts,
      terminal: { columns: opts.columns ?? 100 },
      onOutput: held.written,
      services: { dispatcher: held.dispatcher, ...opts.services },
    });
    expect(
      held.unseen(),
      `ic-support ${args.join(' ')}: a request waited with nothing drawn (no spinner)\n${r.stderr}`,
    ).toBe(0);
    return { ...r, text: r.stderr.replace(ANSI, ''), sent: held.sent() };
  } finally {
    await held.close();
  }
}
