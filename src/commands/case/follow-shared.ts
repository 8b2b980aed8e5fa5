/** What the case-following verbs (list, show, comment, attach, download, watch) share. */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

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
