/**
 * The one spinner: `ora` on stderr while the CLI waits for the portal. IOStreams decides whether it
 * may run at all (a terminal with a real width on both streams, not CI); this module only keeps
 * one spinner at a time, nests waits (the inner label shows while it lasts) and shows retry notes.
 * ora is imported on the first wait, so commands that never wait at a terminal never load it.
 */
import type { Writable } from 'node:stream';

export interface Waiter {
  wait<T>(label: string, work: Promise<T> | (() => Promise<T>)): Promise<T>;
  /** A line under the current label (a retry in progress); cleared when the label changes. */
  note(text: string): void;
  /** Writes around the spinner: its frame is cleared first and drawn again after (lines printed during a wait). */
  write(put: () => void): void;
}

interface Spinning {
  text: string;
  readonly isSpinning: boolean;
  start(): unknown;
  stop(): unknown;
  clear(): unknown;
  render(): unknown;
}

/** For streams where no spinner may run: waits just wait. */
export const noWaiter: Waiter = {
  wait: (_label, work) => (typeof work === 'function' ? work() : work),
  note: () => undefined,
  write: (put) => put(),
};

export function oraWaiter(stream: Writable, color: boolean): Waiter {
  const labels: string[] = [];
  let spinner: Spinning | undefined;
  let starting: Promise<Spinning> | undefined;
  let note = '';
  const text = (): string =>
    note ? `${labels[labels.length - 1] ?? ''} (${note})` : (labels[labels.length - 1] ?? '');
  const show = (): void => {
    if (spinner) spinner.text = text();
  };

  const ensure = (): Promise<Spinning> =>
    (starting ??= import('ora').then(({ default: ora }) => {
      // ora's own checks (is-interactive) were already made, stricter, by IOStreams; it must not
      // swallow keystrokes either (discardStdin), as a prompt may follow.
      spinner = ora({ text: text(), stream, isEnabled: true, discardStdin: false, color: color ? 'cyan' : false });
      return spinner;
    }));

  return {
    async wait(label, work) {
      labels.push(label);
      note = '';
      const p = typeof work === 'function' ? work() : work;
      // Its failure is awaited below, after the spinner has started.
      let settled = false;
      p.then(
        () => (settled = true),
        () => (settled = true),
      );
      // The spinner must never hold the work up nor hide its failure.
      const s = await ensure().catch(() => undefined);
      if (s && !settled) {
        show();
        if (!s.isSpinning) s.start();
      }
      try {
        return await p;
      } finally {
        labels.pop();
        note = '';
        if (!labels.length) spinner?.stop();
        else show();
      }
    },
    note(t) {
      if (!labels.length) return;
      note = t;
      show();
    },
    write(put) {
      if (!spinner?.isSpinning) return put();
      spinner.clear();
      put();
      spinner.render();
    },
  };
}
