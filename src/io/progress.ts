/**
 * Upload progress, shown beside the spinner's label (io.waitNote) at most ten times a second,
 * only where a spinner may run (both streams terminals with a real width, not CI). Elsewhere it
 * draws nothing: callers print their own result line either way.
 */
import type { IOStreams } from './iostreams.js';
import { formatBytes } from '../domain/limits.js';

export interface Progress {
  update(sent: number): void;
  /** Clears the progress note (the caller prints the outcome). */
  end(): void;
}

export function uploadProgress(io: IOStreams, label: string, total: number, now: () => number = Date.now): Progress {
  if (!io.canSpin()) return { update: () => undefined, end: () => undefined };
  let last = 0;
  const draw = (sent: number): void => {
    const pct = total > 0 ? Math.floor((sent / total) * 100) : 100;
    io.waitNote(`uploading ${label} ${pct}%, ${formatBytes(sent)} of ${formatBytes(total)}`);
  };
  draw(0);
  return {
    update(sent) {
      const t = now();
      if (t - last < 100 && sent < total) return;
      last = t;
      draw(sent);
    },
    end() {
      io.waitNote('');
    },
  };
}
