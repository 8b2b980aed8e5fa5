/**
 * A hostile (or broken) portal on 127.0.0.1 for end-to-end tests: real HTTP, one mode per way a
 * compromised or broken server can hurt a client. Each mode answers the paths the CLI calls; the
 * server counts requests so that tests can see paging stop.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { catalog as bundled } from '../../src/domain/catalog/index.js';

/** What a hostile string carries: OSC 52 (clipboard), OSC 8 (hidden link), OSC 0 (title), clear, blink, BEL, CR overwrite, 8-bit CSI, DEL. */
export const EVIL =
  'A\u001b]52;c;ZXZpbA==\u0007B\u001b]8;;https://evil.example/\u001b\\link\u001b]8;;\u001b\\C\u001b]0;pwned\u0007D\u001b[2J\u001b[5mE\rOVERWRITE\u009b31mF\u007fG';
/** The bytes of EVIL that must never reach a terminal. */
export const FORBIDDEN = ['\u001b', '\u0007', '\u009b', '\u007f'];
/** EVIL, a right-to-left override and an isolate (Trojan Source), in every string of the hostile catalog. */
export const EVIL_TEXT = `${EVIL}\u202eEVIL\u2067`;
/** What no text output may hold, the bidi controls of EVIL_TEXT included. */
export const FORBIDDEN_TEXT = [...FORBIDDEN, '\u202e', '\u2067'];

/** Every text of a catalog type (labels, descriptions, examples, help, choices, rule messages) carrying `evil`. */
function hostileType(t: (typeof bundled.types)[number], evil: string): unknown {
  return {
    ...t,
    label: `${t.label} ${evil}`,
    description: `${t.description} ${evil}`,
    examples: [...t.examples.map((e) => `${e} ${evil}`), evil],
    fields: t.fields.map((f) => ({
      ...f,
      label: `${f.label} ${evil}`,
      help: `${f.help} ${evil}`,
      ...('choices' in f && Array.isArray(f.choices) ? { choices: f.choices.map((c) => `${c} ${evil}`) } : {}),
    })),
    rules: (t.rules ?? []).map((r) => ({ ...r, message: `${r.message} ${evil}` })),
  };
}

/** Field keys that are not plain names here: Object.prototype's, global flags', a case file's own. */
export const ODD_KEYS = [
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'attachments',
  'token',
  'profile',
  'sandbox',
  'dryRun',
  'verbose',
  'caseType',
];

/** ask-a-question with a text field for each odd key and a rule that lacks its `when`. */
export function oddCatalog(): unknown {
  const base = bundled.types.find((t) => t.id === 'ask-a-question')!;
  return {
    catalogVersion: 'odd-1',
    types: [
      {
        ...base,
        fields: [
          ...base.fields,
          ...ODD_KEYS.map((key) => ({
            key,
            label: `Odd ${key}`,
            kind: 'text',
            help: `The ${key} field.`,
            required: false,
          })),
        ],
        rules: [
          ...(base.rules ?? []),
          { id: 'no-when', check: 'requiredWhen', params: { field: 'subject' }, message: 'A rule without its when.' },
          { id: 'no-params', check: 'maxLengthOf', params: {}, message: 'A rule without params.' },
        ],
      },
    ],
  };
}

/** The bundled catalog with every text carrying `evil` (the 'hostile-catalog' mode). */
export function hostileCatalog(evil: string): unknown {
  return { catalogVersion: 'hostile-1', types: bundled.types.map((t) => hostileType(t, evil)) };
}

export type Mode =
  | 'controls'
  | 'endless-body'
  | 'huge-body'
  | 'drip-body'
  | 'oversize-download'
  | 'endless-download'
  | 'huge-listing'
  | 'repeat-cursor'
  | 'html'
  | 'wrong-shape'
  | 'echo-token'
  | 'echo-request'
  | 'case-url'
  /** The catalog, picklists, /me and contacts with every string carrying EVIL_TEXT (escapes and bidi controls). */
  | 'hostile-catalog'
  /** A catalog with odd parts: prototype keys, keys of global flags and `attachments`, a rule without its params. */
  | 'odd-catalog'
  /** A catalog whose `types` is not a list. */
  | 'broken-catalog'
  /** An attachment listed at 64 MiB whose body comes 64 KiB at a time, slowly: a download to interrupt. */
  | 'slow-download'
  /** Errors without the contract's error body: a redirect, an HTML 500, an empty 404, an unknown status. */
  | 'bare-errors';

export interface HostilePortal {
  url: string;
  /** Requests received, as "METHOD /path?query". */
  requests: string[];
  close(): Promise<void>;
}

const person = (name: string) => ({ id: 'p1', name });
/** 1 PiB: larger than the free space of any disk these tests run on. */
export const HUGE = 2 ** 50;
const NOW = '2026-11-30T12:00:00.000Z';

/** Moves on with each listing of cases, so that `case watch` sees something change. */
let generation = 0;
const later = (minutes: number): string => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

function caseSummary(evil: string, number = '00001001') {
  return {
    number,
    caseType: 'application-issue',
    status: `Open${evil}`,
    state: 'open',
    priority: `Medium${evil}`,
    subject: `Subject ${evil}`,
    account: { id: 'd1', name: `Bayside ${evil}` },
    lastModifiedAt: later(generation),
  };
}

function fullCase(evil: string) {
  return {
    ...caseSummary(evil),
    id: 'c1',
    status: `Status ${generation}${evil}`,
    contact: person(`Zack ${evil}`),
    fields: { module: `Grade Book ${evil}`, description: `Description ${evil}` },
    resolution: `Resolution ${evil}`,
    createdAt: NOW,
    createdBy: person(`Creator ${evil}`),
    lastModifiedBy: person(`Modifier ${evil}`),
    closedAt: null,
    url: `https://portal.example/case/00001001${evil}`,
  };
}

function notification(evil: string, id = 'ntf_evil') {
  return {
    id,
    kind: 'incident',
    title: `Title ${evil}`,
    status: `Investigating ${evil}`,
    state: 'open',
    startsAt: NOW,
    endsAt: null,
    postedAt: NOW,
    updates: [{ id: 'u1', postedAt: NOW, body: `Update ${evil}` }],
  };
}

/** Every JSON answer of the contract, each string field carrying `evil`. */
function answer(path: string, evil: string, method: string): unknown {
  if (path === '/api/v1/cases' && method === 'GET') generation++;
  if (path === '/api/v1/cases' && method === 'GET')
    return { cases: [caseSummary(evil), caseSummary(evil, '00001002')], nextCursor: null };
  if (/^\/api\/v1\/cases\/\d+$/.test(path)) return fullCase(evil);
  if (/^\/api\/v1\/cases\/\d+\/(close|reopen)$/.test(path))
    return {
      case: {
        ...fullCase(evil),
        state: path.endsWith('close') ? 'closed' : 'open',
        closedAt: path.endsWith('close') ? NOW : null,
      },
      changed: true,
      previousStatus: `Pending ${evil}`,
    };
  if (/\/attachments$/.test(path) && method === 'POST')
    return {
      id: 'a2',
      filename: `sent${evil}.txt`,
      size: 4,
      contentType: 'text/plain',
      createdAt: NOW,
      createdBy: person(`Uploader ${evil}`),
    };
  if (/\/comments$/.test(path))
    return {
      comments: [
        {
          id: `m${generation}`,
          body: `Comment ${evil}`,
          author: person(`Author ${evil}`),
          fromVendor: true,
          createdAt: later(generation),
        },
      ],
    };
  if (/\/attachments$/.test(path))
    return {
      attachments: [
        {
          id: 'a1',
          filename: `file${evil}.txt`,
          size: 10,
          contentType: `text/plain${evil}`,
          createdAt: NOW,
          createdBy: person(`Uploader ${evil}`),
        },
      ],
    };
  if (path === '/status/v1/notifications')
    return {
      banner: { color: 'orange', text: `Banner ${evil}`, openIncidents: 1, openMaintenance: 0 },
      notifications: [notification(evil)],
    };
  if (path.startsWith('/status/v1/notifications/')) return notification(evil);
  if (path === '/api/v1/me')
    return {
      contact: { id: 'p1', name: `Zack ${evil}`, email: 'zack@bayside.example', role: 'Authorized' },
      districts: [{ id: 'd1', name: `Bayside ${evil}` }],
      token: { expiresAt: '2099-01-01T00:00:00Z' },
    };
  return undefined;
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

/** Writes chunks for as long as the client reads them (or `total` bytes), respecting backpressure. */
function pour(res: ServerResponse, chunk: Buffer, total = Infinity): void {
  let sent = 0;
  const more = (): void => {
    while (sent < total) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', more);
        return;
      }
    }
    res.end();
  };
  res.on('error', () => undefined);
  more();
}

/** `caseUrl`: the URL the 'case-url' mode gives for every case (what `--web` would open). */
export async function startHostilePortal(mode: Mode, opts: { caseUrl?: string } = {}): Promise<HostilePortal> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    requests.push(`${method} ${path}${url.search}`);
    const download = /\/attachments\/[^/]+$/.test(path);
    switch (mode) {
      case 'controls':
        if (path === '/api/v1/cases' && method === 'POST')
          return json(res, 503, { code: 'unavailable', detail: `Down ${EVIL}` });
        if (download)
          return void res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 10 }).end('0123456789');
        if (path.startsWith('/api/v1/cases/9'))
          return json(res, 404, { code: 'not_found', detail: `No such case ${EVIL}` });
        break;
      case 'endless-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"cases":[');
        return pour(res, Buffer.from(`${JSON.stringify(caseSummary('x'))},`.repeat(100)));
      case 'huge-body': {
        // A finished answer, far over any cap: 300 MiB that ends.
        const chunk = Buffer.from(' '.repeat(1024 * 1024));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 300 * chunk.length + 2 });
        res.write('{');
        res.on('finish', () => undefined);
        let n = 0;
        const more = (): void => {
          while (n < 300) {
            n++;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end('}');
        };
        res.on('error', () => undefined);
        return more();
      }
      case 'drip-body': {
        res.writeHead(200, { 'content-type': 'application/json' });
        // A byte every 40 ms: well inside the tests' 0.4 s wait between parts of an answer, so
        // only the whole request's deadline (twice that) can end it.
        const t = setInterval(() => res.write(' '), 40);
        timers.add(t);
        res.on('close', () => clearInterval(t));
        return;
      }
      case 'oversize-download':
        if (download) {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          return pour(res, Buffer.alloc(1024 * 1024, 0x41), 300 * 1024 * 1024);
        }
        break;
      case 'endless-download':
        if (download) {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          return pour(res, Buffer.alloc(1024 * 1024, 0x42));
        }
        break;
      case 'huge-listing':
        // An attachment listed larger than any disk, within this portal's stated limit: the client
        // must check the free space before it writes a byte (and so never asks for the body).
        if (path === '/api/v1/catalog')
          return json(res, 200, {
            catalogVersion: 'huge-1',
            limits: { attachmentMaxBytes: HUGE },
            types: bundled.types.slice(0, 1),
          });
        if (path === '/api/v1/picklists')
          return json(res, 200, {
            catalogVersion: 'huge-1',
            picklists: { module: ['Attendance'], type: {}, requestType: {} },
          });
        if (/\/attachments$/.test(path) && method === 'GET')
          return json(res, 200, {
            attachments: [
              {
                id: 'a1',
                filename: 'archive.bin',
                size: HUGE,
                contentType: 'application/octet-stream',
                createdAt: NOW,
                createdBy: person('Uploader'),
              },
            ],
          });
        // Were the check gone, the client would get 8 MiB, not 1 PiB: the test fails, the disk stays free.
        if (download) {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          return pour(res, Buffer.alloc(1024 * 1024, 0x43), 8 * 1024 * 1024);
        }
        break;
      case 'repeat-cursor':
        if (path === '/api/v1/cases') return json(res, 200, { cases: [caseSummary('')], nextCursor: 'again' });
        break;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end(
          `<!doctype html><html><head><title>Wi-Fi login\u001b]0;pwned\u0007</title></head><body>Sign in to the hotel network</body></html>`,
        );
      case 'wrong-shape':
        return json(res, 200, { cases: 'not a list', banner: 7, notifications: {}, id: 12 });
      case 'hostile-catalog':
        if (path === '/api/v1/cases' && method === 'POST')
          return json(res, 503, { code: 'unavailable', detail: `Down ${EVIL_TEXT}` });
        if (path === '/api/v1/catalog') return json(res, 200, hostileCatalog(EVIL_TEXT));
        if (path === '/api/v1/picklists')
          return json(res, 200, {
            catalogVersion: 'hostile-1',
            picklists: { module: ['Attendance', `Grade Book ${EVIL_TEXT}`], type: {}, requestType: {} },
          });
        if (/^\/api\/v1\/districts\/[^/]+\/contacts$/.test(path))
          return json(res, 200, {
            contacts: [
              { id: 'p1', name: `Zack ${EVIL_TEXT}`, email: `zack${EVIL_TEXT}@bayside.example`, role: 'Authorized' },
            ],
          });
        if (path === '/api/v1/me')
          return json(res, 200, {
            contact: { id: 'p1', name: `Zack ${EVIL_TEXT}`, email: 'zack@bayside.example', role: 'Authorized' },
            districts: [
              { id: 'd1', name: `Bayside ${EVIL_TEXT}` },
              { id: 'd2', name: `Valley ${EVIL_TEXT}` },
            ],
            token: { expiresAt: '2099-01-01T00:00:00Z' },
          });
        break;
      case 'slow-download':
        if (/\/attachments$/.test(path) && method === 'GET')
          return json(res, 200, {
            attachments: [
              {
                id: 'a1',
                filename: 'big.bin',
                size: 64 * 1024 * 1024,
                contentType: 'application/octet-stream',
                createdAt: NOW,
                createdBy: person('Uploader'),
              },
            ],
          });
        if (download) {
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 64 * 1024 * 1024 });
          const t = setInterval(() => res.write(Buffer.alloc(64 * 1024, 0x44)), 50);
          timers.add(t);
          res.on('close', () => clearInterval(t));
          return;
        }
        break;
      case 'odd-catalog':
      case 'broken-catalog':
        if (path === '/api/v1/catalog')
          return json(res, 200, mode === 'odd-catalog' ? oddCatalog() : { catalogVersion: 'x', types: 5 });
        if (path === '/api/v1/picklists')
          return json(res, 200, {
            catalogVersion: 'odd-1',
            picklists: { module: ['Attendance'], type: {}, requestType: {} },
          });
        break;
      case 'case-url':
        if (/^\/api\/v1\/cases\/\d+$/.test(path)) return json(res, 200, { ...fullCase(''), url: opts.caseUrl });
        break;
      case 'bare-errors':
        if (path.endsWith('/close')) return void res.writeHead(302, { location: 'https://login.example/' }).end();
        if (path === '/api/v1/cases')
          return void res
            .writeHead(500, { 'content-type': 'text/html' })
            .end('<html><body>Internal error</body></html>');
        if (/^\/api\/v1\/cases\/\d+$/.test(path)) return void res.writeHead(404).end();
        return void res.writeHead(418).end();
      case 'echo-token':
        return json(res, 401, {
          code: 'unauthorized',
          detail: `the token ${(req.headers.authorization ?? '').replace(/^Bearer /i, '')} is not valid here`,
        });
      case 'echo-request': {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => json(res, 400, { code: 'bad_request', detail: 'the request was refused', received: body }));
        return;
      }
    }
    const data = answer(path, mode === 'controls' ? EVIL : '', method);
    if (data === undefined) return json(res, 404, { code: 'not_found', detail: `Nothing at ${path}` });
    json(res, 200, data);
  };
  const server = createServer(handle);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
