import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Output for a long stream of data (`case list` of thousands of cases): each write waits while the
 * stream's buffer is full, so a slow reader (a pipe into jq) holds the producer back instead of
 * letting output pile up in memory. When the reader goes away (`| head`: EPIPE) the sink turns
 * `closed` and drops what follows; the producer checks `closed` to stop.
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
