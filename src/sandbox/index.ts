/**
 * The sandbox portal: a real HTTP server on loopback implementing schemas/portal-api.yaml, with
 * SQLite storage in a data directory. `startSandbox` is
 * safe to call in-process (an embedded --sandbox mode): it touches no process-global state — no
 * signal handlers, no process.exit — and `close()` releases everything it opened.
 */
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { isIPv4, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPortal } from './server.js';
import { UsageError } from '../errors.js';
import { readFileBoundedSync } from '../io/bounded-read.js';
import { SANDBOX_FILE_LIMIT } from './record-files.js';
import { DEMO_EMAIL, DEMO_PASSWORD, seed, seedBulk } from './seed.js';
import { loadSqlite } from './sqlite.js';
import { Store } from './store.js';
import { SandboxClock } from './clock.js';
import { DEFAULT_REQUEST_POLICY } from './limits.js';

export { DEMO_EMAIL, DEMO_PASSWORD } from './seed.js';

export interface SandboxOptions {
  /** Port of the portal (and, without statusPort, of the status API); 0 picks a free port. Default 0. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Where the database, attachments and admin key live; created when missing. */
  dataDir: string;
  /** Delete the sandbox's files in dataDir first and start from the seed. */
  reset?: boolean;
  /** Serve the status API (notifications) from its own port as well (0 = a free port). */
  statusPort?: number;
  /** Extra bulk cases to hold (for listing benchmarks), added once. */
  seedCases?: number;
  /** Lifetime of sign-in tokens, in seconds. Default 8 hours. */
  tokenTtlSeconds?: number;
  /** Requests a minute per caller before 429 (the published RateLimit-Policy). Default 1,200. */
  requestsPerMinute?: number;
  /** The sandbox clock: "today" for validation, token expiry, seeded relative dates. */
  clock?: () => Date;
  /** Receives one line per request and event (never tokens or passwords). */
  log?: (line: string) => void;
  /**
   * Write sandbox.json (where it listens, for the admin commands) and remove it at close. Default
   * true; the short-lived sandbox of `--sandbox` says false, so it never replaces nor removes the
   * file of an `ic-support sandbox` running on the same data.
   */
  announce?: boolean;
}

export interface Sandbox {
  /** Portal base URL, e.g. http://127.0.0.1:PORT (API under /api/v1). */
  url: string;
  /** Status base URL (API under /status/v1); the portal URL unless statusPort was given. */
  statusUrl: string;
  /** The key for /sandbox/v1 (header X-Sandbox-Admin); also in <dataDir>/admin-key. */
  adminKey: string;
  dataDir: string;
  demo: { email: string; password: string };
  close(): Promise<void>;
}

/** The files the sandbox owns in its data directory; --reset removes these and nothing else. */
export const SANDBOX_FILES = [
  'sandbox.db',
  'sandbox.db-wal',
  'sandbox.db-shm',
  'admin-key',
  'sandbox.json',
  'attachments',
];

export const DEFAULT_TOKEN_TTL_SECONDS = 8 * 3600;

function readOrCreateAdminKey(dataDir: string): string {
  const file = join(dataDir, 'admin-key');
  if (existsSync(file)) {
    const key = readFileBoundedSync(file, SANDBOX_FILE_LIMIT).toString('utf8').trim();
    if (key) return key;
  }
  const key = `icsa_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'));

function listen(server: Server, port: number, host: string, flag = '--port'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      // A taken port is the user's choice to change (a usage error, exit 2), not an unavailable portal.
      if (e.code === 'EADDRINUSE') {
        reject(
          new UsageError(
            `Port ${port} on ${host} is already in use.`,
            `Choose another with ${flag}, or ${flag} 0 for a free one.`,
          ),
        );
        return;
      }
      reject(
        new Error(
          e.code === 'EACCES'
            ? `Not allowed to listen on ${host}:${port}; choose a port above 1024.`
            : `Cannot listen on ${host}:${port}: ${e.message}`,
        ),
      );
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolvePort((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    if (!server.listening) return done();
    server.close(() => done());
    server.closeAllConnections();
  });
}

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const dataDir = resolve(opts.dataDir);
  const host = opts.host ?? '127.0.0.1';
  const realClock = opts.clock ?? (() => new Date());
  const log = opts.log ?? (() => undefined);
  // Missing or unloadable, better-sqlite3 is an install problem, not a damaged database: said
  // before anything in the data directory is touched.
  const Sqlite = await loadSqlite();
  if (opts.reset) for (const f of SANDBOX_FILES) rmSync(join(dataDir, f), { recursive: true, force: true });
  mkdirSync(join(dataDir, 'attachments'), { recursive: true, mode: 0o700 });
  const adminKey = readOrCreateAdminKey(dataDir);

  let store: Store;
  try {
    store = new Store(join(dataDir, 'sandbox.db'), Sqlite);
  } catch (e) {
    throw new Error(
      `Cannot open the sandbox database in ${dataDir}: ${(e as Error).message}. Start fresh with --reset.`,
    );
  }
  // One clock for everything the sandbox does; the vendor's side can move it forward.
  const sandboxClock = new SandboxClock(realClock, store);
  const clock = (): Date => sandboxClock.now();
  const servers: Server[] = [];
  try {
    if (!store.getMeta('seededAt')) {
      await seed(store, clock());
      log('seeded the sandbox from the Support Portal guide');
    }
    if (opts.seedCases && opts.seedCases > 0) {
      const added = seedBulk(store, opts.seedCases, clock());
      if (added) log(`seeded ${added} bulk cases`);
    }
    const urls = { portal: '', status: '' };
    const handle = createPortal({
      store,
      dataDir,
      adminKey,
      clock,
      sandboxClock,
      tokenTtlSeconds: opts.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
      ...(opts.requestsPerMinute !== undefined
        ? { requestPolicy: { ...DEFAULT_REQUEST_POLICY, quota: opts.requestsPerMinute } }
        : {}),
      urls,
      loopbackOnly: isLoopback(host),
      log,
    });
    const make = (): Server => {
      const server = createServer({ keepAliveTimeout: 10_000 }, (req, res) => void handle(req, res));
      server.on('clientError', (_e, socket) => {
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        else socket.destroy();
      });
      servers.push(server);
      return server;
    };
    const hostInUrl = host.includes(':') ? `[${host}]` : host;
    const port = await listen(make(), opts.port ?? 0, host);
    urls.portal = `http://${hostInUrl}:${port}`;
    urls.status = urls.portal;
    if (opts.statusPort !== undefined) {
      const statusPort = await listen(make(), opts.statusPort, host, '--status-port');
      urls.status = `http://${hostInUrl}:${statusPort}`;
    }
    const runFile = join(dataDir, 'sandbox.json');
    const announce = opts.announce ?? true;
    if (announce)
      writeFileSync(
        runFile,
        `${JSON.stringify({ url: urls.portal, statusUrl: urls.status, pid: process.pid, startedAt: new Date().toISOString() }, null, 2)}\n`,
        { mode: 0o600 },
      );
    let closed = false;
    return {
      url: urls.portal,
      statusUrl: urls.status,
      adminKey,
      dataDir,
      demo: { email: DEMO_EMAIL, password: DEMO_PASSWORD },
      async close() {
        if (closed) return;
        closed = true;
        await Promise.all(servers.map(closeServer));
        store.close();
        if (!announce) return;
        try {
          const current = JSON.parse(readFileBoundedSync(runFile, SANDBOX_FILE_LIMIT).toString('utf8')) as {
            url?: string;
          };
          if (current.url === urls.portal) rmSync(runFile, { force: true });
        } catch {
          // already gone
        }
      },
    };
  } catch (e) {
    await Promise.all(servers.map(closeServer));
    store.close();
    throw e;
  }
}
