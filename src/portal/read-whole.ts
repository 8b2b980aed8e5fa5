/**
 * One request whose answer is read whole and bounded (a JSON answer, an error's body), on
 * undici's dispatch API: the answer's bytes are gathered as they arrive, with no stream between.
 * undici's `request()` wraps every answer in a Readable and an async resource, and the client then
 * read it with an async iterator; in a fresh process (a batch of 1,000 cases, V8 still warming
 * up), that machinery was ~0.17 ms of CPU a request, a third of the requests' (docs/performance.md).
 * Downloads, which are streamed to a file, still use `request()` (./client.ts).
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';

export interface WholeAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body, up to the bound its status allowed. */
  body: Buffer;
  /** The body went past that bound: the rest was not read and the connection was dropped. */
  cut: boolean;
}

/** What stops an exchange: client.ts's Exchange (abort() or the exchange's deadline). */
export interface Stopper {
  readonly aborted: boolean;
  readonly reason: unknown;
  once(event: 'abort', listener: () => void): unknown;
}

export interface WholeRequest {
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string | Readable | undefined;
  headersTimeout: number;
  bodyTimeout: number;
  signal: Stopper;
  /** The most of the body read for an answer of this status. */
  maxBytes(status: number): number;
}

const destroyBody = (body: WholeRequest['body'], err: Error): void => {
  if (typeof body === 'object' && body !== null && !body.destroyed) {
    body.on('error', () => undefined);
    body.destroy(err);
  }
};

export function requestWhole(dispatcher: Dispatcher, url: URL, r: WholeRequest): Promise<WholeAnswer> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let status = 0;
    let headers: WholeAnswer['headers'] = {};
    let max = 0;
    let n = 0;
    const chunks: Buffer[] = [];
    const done = (answer: WholeAnswer | undefined, err?: Error): void => {
      if (settled) return;
      settled = true;
      if (answer) resolve(answer);
      else reject(err);
    };
    r.signal.once('abort', () => {
      if (!settled) controller?.abort(r.signal.reason as Error);
    });
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: url.pathname + url.search,
        method: r.method,
        headers: r.headers,
        body: r.body ?? null,
        headersTimeout: r.headersTimeout,
        bodyTimeout: r.bodyTimeout,
      },
      {
        onRequestStart(c) {
          controller = c;
          if (r.signal.aborted) c.abort(r.signal.reason as Error);
        },
        onResponseStart(_c, statusCode, h) {
          // 1xx informational answers come before the answer itself.
          if (statusCode < 200) return;
          status = statusCode;
          headers = h;
          max = r.maxBytes(statusCode);
        },
        onResponseData(c, chunk) {
          if (settled) return;
          if (n + chunk.length <= max) {
            chunks.push(chunk);
            n += chunk.length;
            return;
          }
          chunks.push(chunk.subarray(0, max - n));
          n = max;
          done({ status, headers, body: Buffer.concat(chunks, n), cut: true });
          // Not read further: the connection is dropped, once undici's parser has left this call.
          c.pause();
          queueMicrotask(() => c.abort(new Error('answer longer than its bound')));
        },
        onResponseEnd() {
          done({ status, headers, body: Buffer.concat(chunks, n), cut: false });
        },
        onResponseError(_c, err) {
          destroyBody(r.body, err);
          done(undefined, err);
        },
      },
    );
  });
}
