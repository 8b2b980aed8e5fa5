/**
 * What every route shares for one running sandbox: the store, the clock, the URLs, and the state
 * that lives as long as the server (login limits, idempotency keys in flight, faults); with the
 * checks most routes start with (who is calling, which cases they may see).
 */
import type { IncomingMessage } from 'node:http';
import { createCaseLife } from './case-life.js';
import type { SandboxClock } from './clock.js';
import { parseCaseNumber } from './cursor.js';
import { FaultInjector } from './faults.js';
import { HttpError, notFound } from './http.js';
import { DEFAULT_REQUEST_POLICY, FailureWindow, FixedWindow, type QuotaPolicy } from './limits.js';
import { hashToken, sameSecret } from './secrets.js';
import type { CaseRow, ContactRow, DistrictRow, Store } from './store.js';

export interface PortalDeps {
  store: Store;
  dataDir: string;
  adminKey: string;
  clock: () => Date;
  tokenTtlSeconds: number;
  /** Base URLs, known once the servers listen. */
  urls: { portal: string; status: string };
  log: (line: string) => void;
  random?: () => number;
  /** Listening on loopback only: requests must name a loopback Host (server.ts). */
  loopbackOnly?: boolean;
  /** The clock behind `clock`, which the vendor's side can move forward (POST /sandbox/v1/clock). */
  sandboxClock: SandboxClock;
  /** The request quota per caller (default DEFAULT_REQUEST_POLICY; benchmarks raise it). */
  requestPolicy?: QuotaPolicy;
}

export interface Auth {
  contact: ContactRow;
  districts: DistrictRow[];
  tokenHash: string;
  expiresAt: string;
  /** How the caller signed in: a session (email and password) or a personal access token and its scope. */
  via: { kind: 'session' } | { kind: 'personal'; id: string; scope: 'read' | 'file' };
}

// RFC 6750 §3: no token, the bare challenge; a token that is not good, error="invalid_token".
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="ic-support-sandbox"' };
const INVALID_TOKEN = { 'WWW-Authenticate': 'Bearer realm="ic-support-sandbox", error="invalid_token"' };

export class SandboxApp {
  readonly store: Store;
  readonly loginFailures = new FailureWindow(5, 60_000);
  /** The portal's request quota, per token or, without one, per client address (server.ts). */
  readonly requests: FixedWindow;
  /** Idempotency keys whose first request is still running: `${contactId}\n${key}`. */
  readonly inFlight = new Set<string>();
  readonly faults: FaultInjector;
  /** The vendor's side of a case's life: resolutions, 3x10, closing and reopening (./case-life.ts). */
  readonly life: ReturnType<typeof createCaseLife>;

  constructor(readonly deps: PortalDeps) {
    this.store = deps.store;
    this.requests = new FixedWindow(deps.requestPolicy ?? DEFAULT_REQUEST_POLICY);
    this.life = createCaseLife(deps.store, deps.clock);
    this.faults = new FaultInjector(deps.random ?? Math.random);
  }

  now(): string {
    return this.deps.clock().toISOString();
  }

  authenticate(req: IncomingMessage): Auth {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m)
      throw new HttpError(
        401,
        'unauthenticated',
        'Sign in first: send Authorization: Bearer <token> (POST /api/v1/sessions gives one).',
        undefined,
        CHALLENGE,
      );
    const tokenHash = hashToken(m[1]!);
    const s = this.store.session(tokenHash);
    if (!s) return this.personal(req, tokenHash);
    if (s.revoked_at)
      throw new HttpError(
        401,
        'unauthenticated',
        'The token is not valid (signed out or never issued). Sign in again.',
        undefined,
        INVALID_TOKEN,
      );
    if (s.expires_at <= this.now())
      throw new HttpError(401, 'token_expired', 'The token has expired. Sign in again.', undefined, INVALID_TOKEN);
    const contact = this.store.contactById(s.contact_id);
    if (!contact)
      throw new HttpError(401, 'unauthenticated', 'The token is not valid. Sign in again.', undefined, INVALID_TOKEN);
    return {
      contact,
      districts: this.store.districtsOf(contact.id),
      tokenHash,
      expiresAt: s.expires_at,
      via: { kind: 'session' },
    };
  }

  /** A personal access token: as a session, within its scope (read: GET and HEAD only). */
  private personal(req: IncomingMessage, tokenHash: string): Auth {
    const t = this.store.personalTokenByHash(tokenHash);
    const contact = t && !t.revoked_at ? this.store.contactById(t.contact_id) : undefined;
    if (!t || !contact)
      throw new HttpError(
        401,
        'unauthenticated',
        'The token is not valid (signed out, revoked or never issued). Sign in again, or create a new personal access token.',
        undefined,
        INVALID_TOKEN,
      );
    if (t.expires_at <= this.now())
      throw new HttpError(
        401,
        'token_expired',
        `The personal access token "${t.name}" expired at ${t.expires_at}; create a new one.`,
        undefined,
        INVALID_TOKEN,
      );
    const method = req.method ?? 'GET';
    if (t.scope === 'read' && method !== 'GET' && method !== 'HEAD')
      throw new HttpError(
        403,
        'forbidden',
        `The personal access token "${t.name}" has scope read: it reads cases but cannot file, comment, attach, close or reopen. Use a token of scope file for that.`,
      );
    this.store.personalTokenUsed(t.id, this.now());
    return {
      contact,
      districts: this.store.districtsOf(contact.id),
      tokenHash,
      expiresAt: t.expires_at,
      via: { kind: 'personal', id: t.id, scope: t.scope },
    };
  }

  requireAdmin(req: IncomingMessage): void {
    const key = req.headers['x-sandbox-admin'];
    if (typeof key !== 'string' || !sameSecret(key, this.deps.adminKey)) {
      throw new HttpError(
        401,
        'unauthenticated',
        'Sandbox admin endpoints need the header X-Sandbox-Admin with the key from <data dir>/admin-key.',
      );
    }
  }

  /** A case the caller may see: 404 for a missing case and for another district's case alike. */
  visibleCase(auth: Auth, numberText: string): CaseRow {
    const row = this.caseByNumber(numberText);
    if (!row || !auth.districts.some((d) => d.id === row.district_id))
      throw notFound(`Case ${numberText} was not found.`);
    return row;
  }

  /** Any case, for the vendor's side. */
  anyCase(numberText: string): CaseRow {
    const row = this.caseByNumber(numberText);
    if (!row) throw notFound(`Case ${numberText} was not found.`);
    return row;
  }

  private caseByNumber(numberText: string): CaseRow | undefined {
    const n = parseCaseNumber(numberText);
    return n === undefined ? undefined : this.store.caseByNumber(n);
  }
}

export const canWrite = (auth: Auth): boolean =>
  auth.contact.role === 'Authorized' || auth.contact.role === 'Technical';

export const districtList = (auth: Auth): string => auth.districts.map((d) => `${d.name} (${d.id})`).join(', ');
