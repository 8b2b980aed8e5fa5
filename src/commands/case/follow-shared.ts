/** What the case-following verbs (list, show, comment, attach, download, watch) share. */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CliError } from '../../errors.js';

/**
 * Writes to a stream and waits while its buffer is full, so a slow reader (a pipe into jq) holds
 * the producer back instead of letting output pile up in memory. Throws StdoutClosed when the
 * reader went away (`| head`), which the caller treats as the end.
 */
export class OutputSink {
  #closed = false;
  readonly #stream: Writable;
  constructor(stream: Writable) {
    this.#stream = stream;
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') this.#closed = true;
    });
  }
  get closed(): boolean {
    return this.#closed;
  }
  async write(text: string): Promise<void> {
    if (this.#closed) return;
    if (!this.#stream.write(text)) {
      await Promise.race([once(this.#stream, 'drain'), once(this.#stream, 'close')]);
    }
  }
}

/** The time zone for shown times: IC_SUPPORT_TZ, else the process's own (TZ). */
export function displayTimeZone(env: NodeJS.ProcessEnv): string | undefined {
  const tz = env.IC_SUPPORT_TZ?.trim();
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    throw new CliError(`IC_SUPPORT_TZ="${tz}" is not a time zone.`, 2, 'Set it to an IANA zone such as America/Chicago, or unset it.');
  }
}
