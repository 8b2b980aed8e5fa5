/**
 * A relay in front of a real portal (the sandbox) on 127.0.0.1, for what the sandbox itself does
 * not do: a portal that ignores a query parameter, one that shows a change late, one whose answers
 * carry other headers, one that refuses some requests itself. Each request's target is recorded; `rewrite` may change it, `answer` may
 * change the JSON body and the headers on their way back.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface Relay {
  url: string;
  /** Request targets (path and query) in the order they came. */
  seen: string[];
  close(): Promise<void>;
}

export interface RelayOptions {
  /** The target sent on (path and query), from the one received. */
  rewrite?: (target: URL) => URL;
  /** The answer on its way back: its JSON body (undefined when not JSON) and its headers, changed in place. */
  answer?: (target: URL, body: unknown, headers: Record<string, string>) => unknown;
  /** Answers a request itself, by its method, target and headers (a portal that refuses): true when it did. */
  intercept?: (req: IncomingMessage, res: ServerResponse, target: URL) => boolean;
}

const HOP = ['content-length', 'transfer-encoding', 'connection', 'keep-alive'];

export async function startRelay(upstream: string, o: RelayOptions = {}): Promise<Relay> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        seen.push(req.url ?? '/');
        const received = new URL(req.url ?? '/', 'http://relay.invalid');
        if (o.intercept?.(req, res, received)) return;
        const target = o.rewrite ? o.rewrite(received) : received;
        const headers = { ...req.headers };
        delete headers.host;
        delete headers.connection;
        const up = await request(`${upstream}${target.pathname}${target.search}`, {
          method: req.method as 'GET',
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        const text = await up.body.text();
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(up.headers)) if (typeof v === 'string' && !HOP.includes(k)) out[k] = v;
        const json = String(up.headers['content-type'] ?? '').includes('json') && text ? JSON.parse(text) : undefined;
        const changed = o.answer ? o.answer(target, json, out) : json;
        res.writeHead(up.statusCode, out);
        res.end(changed === undefined ? text : JSON.stringify(changed));
      })().catch((e: unknown) => {
        res.writeHead(502);
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
