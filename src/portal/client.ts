/**
 * The one HTTP client of the portal API (docs/portal-api.md), on undici `request` with a
 * dispatcher we build (or one injected by tests: MockAgent). It knows HTTP, not prompts:
 * explicit timeouts; retries with jittered exponential backoff on network errors, 429 and
 * 502/503/504, honoring Retry-After, bounded in attempts and total time, and only for requests
 * that are safe to repeat (GETs, and POSTs carrying an Idempotency-Key); every response parsed
 * with the contract's zod schemas; every failure mapped to a typed error (./errors.ts).
 */
import { contentTypeOf } from './content-type.js';
import { EventEmitter } from 'node:events';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { request, type Dispatcher } from 'undici';
import { AuthError, BadAnswerError, CliError, ExitCode, FileProblemError, ValidationError } from '../errors.js';
import { showControls } from '../text/show-controls.js';
import { regularFile } from '../io/regular-file.js';
import { attachmentKey, commentKey } from '../domain/idempotency.js';
import {
  RETRYABLE_NETWORK_CODES,
  describeRequest,
  mapApiError,
  parseApiError,
  mapNetworkError,
  networkCode,
  type ErrorContext,
} from './errors.js';
import { redact } from './redact.js';
import { fileMultipart } from './multipart.js';
import { requestWhole } from './read-whole.js';
import { parseAnswer, type Answer, type AnswerName } from './parse-answer.js';
import type * as S from './schemas.js';
import { normalizePortalCatalog, type PortalCatalogAnswer } from './catalog-answer.js';
import { pauseMs, readQuotas, type Quota } from './rate-limit.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts once this much time has gone by since the first attempt. */
  budgetMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 300, maxDelayMs: 8_000, budgetMs: 45_000 };

export interface Timeouts {
  /** Waiting for the response headers. */
  headersMs: number;
  /** Waiting between two chunks of the body (a silent server). */
  bodyMs: number;
  /**
   * The whole exchange of one JSON request, from sending to the last byte of the answer: a body
   * dripped a byte at a time passes the two above forever, not this.
   */
  totalMs: number;
  /** The same for an upload or a download (25 MiB on a slow school line takes minutes). */
  transferMs: number;
}
export const DEFAULT_TIMEOUTS: Timeouts & { connectMs: number } = {
  connectMs: 10_000,
  headersMs: 30_000,
  bodyMs: 30_000,
  totalMs: 60_000,
  transferMs: 600_000,
};

/**
 * The most a JSON answer may hold. The largest the contract allows (a page of 100 cases, a
 * notification with its updates, a case with its fields) is well under 1 MiB; a body past this is
 * not a portal answer, and reading it whole would only cost memory. Checked while streaming.
 */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;
/** An error answer is read this far at most (its message is what matters). */
export const MAX_ERROR_BYTES = 64 * 1024;

export const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** A retry about to happen, for a spinner or a log: what failed, how long until the next attempt. */
export interface RetryEvent {
  /** The HTTP status that asked for it (503, 429…), or undefined after a network error. */
  status: number | undefined;
  /** The network error's code (ECONNRESET…), when there was no answer. */
  code: string | undefined;
  delayMs: number;
  /** The attempt about to be made (2 for the first retry) and the most that will be made. */
  attempt: number;
  attempts: number;
}

/** "portal answered 503, retrying in 2 s (attempt 2 of 4)": the line a spinner shows. */
export function describeRetry(e: RetryEvent): string {
  const what =
    e.status !== undefined ? `portal answered ${e.status}` : `no answer from the portal (${e.code ?? 'network error'})`;
  return `${what}, retrying in ${Math.max(1, Math.round(e.delayMs / 1000))} s (attempt ${e.attempt} of ${e.attempts})`;
}

export interface PortalClientOptions {
  /** Told before each retry (after the backoff is chosen, before the wait): spinner text. */
  onRetry?: (e: RetryEvent) => void;
  /** Told before each pause the portal's RateLimit header asks for (slowing down before a 429). */
  onPause?: (e: PauseEvent) => void;
  /** The proxy a URL is reached through (credentials removed), to name it when it fails. */
  proxyFor?: (url: URL) => string | undefined;
  portalUrl: string;
  /** The Notifications page's base URL (notifications); defaults to portalUrl. */
  statusUrl?: string | undefined;
  token?: string | undefined;
  dispatcher: Dispatcher;
  /** Called when a request needs a token and there is none: the error says how to sign in. */
  missingToken?: () => CliError;
  debug?: (line: string) => void;
  /** Answers' strings as sent, for an invocation that prints JSON (./parse-answer.ts); else made visible. */
  exactText?: boolean | undefined;
  userAgent?: string;
  retry?: Partial<RetryPolicy>;
  timeouts?: Partial<Timeouts>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Spec<K extends Checked = Checked> {
  method: Method;
  base?: 'portal' | 'status';
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  /** Built for each attempt: a streamed body cannot be sent twice. */
  upload?: () => { body: Readable; headers: Record<string, string> };
  idempotencyKey?: string;
  /**
   * Default: true on the portal, false on the Notifications page. 'optional': public in the contract, but
   * a portal may protect it (its catalog and picklists): the token goes with it when one is held.
   */
  auth?: boolean | 'optional';
  /** Extra request headers (the sandbox's admin key). */
  headers?: Record<string, string>;
  /** The largest 2xx JSON body accepted (default MAX_JSON_BYTES). */
  maxBytes?: number;
  /**
   * The 2xx body's schema, by name (./schemas.ts, read through ./parse-answer.ts); absent when no body
   * is expected (204); 'unchecked' for the sandbox's own admin answers, which the caller reads.
   */
  answer?: K;
  /** Sent as If-None-Match; a 304 answer then returns with no data. */
  etag?: string;
  /**
   * The answer's text exact whatever the output: for what is cached (the catalog), whose reader
   * shows its controls as it is read back (src/state/catalog-cache.ts).
   */
  exact?: boolean;
}

type Checked = AnswerName | 'unchecked';
type AnswerOf<K extends Checked> = [K] extends [never] ? undefined : K extends AnswerName ? Answer<K> : unknown;

export interface Response<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: T;
}

/**
 * Retry-After: delay-seconds or an HTTP-date; undefined when absent or unreadable. A date is read
 * against the answer's own Date when it has one (both are the portal's clock: a client clock that
 * is off changes nothing), else against ours.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number,
  answerDate?: string | string[],
): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  const sent = Date.parse((Array.isArray(answerDate) ? answerDate[0] : answerDate) ?? '');
  return Math.max(0, Math.ceil((at - (Number.isNaN(sent) ? nowMs : sent)) / 1000));
}

/** A pause before a request, asked for by the portal's RateLimit header (./rate-limit.ts). */
export interface PauseEvent {
  delayMs: number;
  /** The policy that asked for it, what is left of it and when its window starts again. */
  policy: string;
  remaining: number;
  resetSeconds: number;
}

/** "the portal's rate limit (policy "default": 0 requests left), waiting 42 s": for --verbose and stderr. */
export function describePause(e: PauseEvent): string {
  return `the portal's rate limit (policy "${e.policy}": ${e.remaining} request${e.remaining === 1 ? '' : 's'} left for ${e.resetSeconds} s), waiting ${Math.max(1, Math.round(e.delayMs / 1000))} s`;
}

/**
 * The longest pause the RateLimit header makes the client take before a request. Past it the
 * request is sent anyway, and the portal's 429 with its Retry-After decides (bounded by the retry
 * budget); a portal that asks an hour is not waited for in silence.
 */
export const MAX_PAUSE_MS = 120_000;

const BAD_ANSWER_HINT =
  'Check portalUrl (ic-support config get portalUrl) and your network; run again with --verbose to see the first bytes of the answer.';

const formatMiB = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;

/** A case number as keys name it: 1042 and 00001042 are one case. */
const keyedNumber = (n: string): string => (/^\d{1,8}$/.test(n) ? n.padStart(8, '0') : n);

/** SHA-256 of a file's bytes, read as a stream (an attachment may be tens of MiB). */
async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

const header = (h: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** An error answer's body from a stream (a download's), read up to `max` bytes; past that the connection is dropped. */
async function readBounded(body: Readable, max: number): Promise<{ bytes: Buffer; cut: boolean }> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (n + chunk.length > max) {
      chunks.push(chunk.subarray(0, max - n));
      body.destroy();
      return { bytes: Buffer.concat(chunks, max), cut: true };
    }
    chunks.push(chunk);
    n += chunk.length;
  }
  return { bytes: Buffer.concat(chunks, n), cut: false };
}

/**
 * What stops one exchange (abort() or its deadline), given to undici as its `signal`, which may be
 * an AbortSignal or an EventEmitter with `aborted` and `reason`. An AbortSignal is an EventTarget,
 * ~50 µs to make in Node 20; with AbortSignal.timeout and AbortSignal.any per request it was ~0.1 ms
 * of every case of a batch.
 */
class Exchange extends EventEmitter {
  aborted = false;
  reason: unknown;
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

const abortError = (): Error => new DOMException('This operation was aborted', 'AbortError');

export class PortalClient {
  readonly portalUrl: string;
  readonly statusUrl: string;
  #token: string | undefined;
  readonly #o: PortalClientOptions;
  readonly #retry: RetryPolicy;
  readonly #timeouts: Timeouts;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;
  /** Attempts made by the last request (tests and --verbose). */
  lastAttempts = 0;
  /** The portal's clock less ours, from the Date header of its last answer that had one. */
  #skewMs: number | undefined;
  /** Set by abort(): every later request fails at once. */
  #aborted = false;
  /** The portal's RateLimit as its last answer stated it, when, and the requests sent since. */
  #quotas: { at: number; quotas: Quota[]; sent: number } | undefined;
  /**
   * The exchanges in flight, each stopped by abort() or by its own deadline.
   */
  readonly #inFlight = new Set<Exchange>();

  constructor(o: PortalClientOptions) {
    this.#o = o;
    this.portalUrl = o.portalUrl.replace(/\/+$/, '');
    this.statusUrl = (o.statusUrl ?? o.portalUrl).replace(/\/+$/, '');
    this.#token = o.token;
    this.#retry = { ...DEFAULT_RETRY, ...(o.retry ?? {}) };
    const { connectMs: _connect, ...defaults } = DEFAULT_TIMEOUTS;
    this.#timeouts = { ...defaults, ...(o.timeouts ?? {}) };
    this.#sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.#random = o.random ?? Math.random;
    this.#now = o.now ?? Date.now;
  }

  get hasToken(): boolean {
    return Boolean(this.#token);
  }

  /**
   * How far the portal's clock is from ours (ms), from the Date header of its last answer; undefined
   * before one. The local checks of dates use the portal's date through it (src/cli/context.ts).
   */
  get clockSkewMs(): number | undefined {
    return this.#skewMs;
  }

  /** Switches the token used from now on (after signing in). */
  setToken(token: string | undefined): void {
    this.#token = token;
  }

  #debug(line: string): void {
    // Redacting costs regular expressions on every line: only for a reader of --verbose.
    if (this.#o.debug) this.#o.debug(showControls(redact(line, [this.#token])));
  }

  get retryPolicy(): Readonly<RetryPolicy> {
    return this.#retry;
  }

  /** Full jitter on the upper half: between half and all of the exponential step. */
  backoffMs(retryNumber: number): number {
    const step = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (retryNumber - 1));
    return Math.round(step / 2 + this.#random() * (step / 2));
  }

  /**
   * Slows down before a 429: when the portal's last answer said little is left of a policy, this
   * request waits (what is left spread over the window; nothing left, its end), up to MAX_PAUSE_MS.
   */
  async #pace(spec: Spec, url: URL): Promise<void> {
    const state = this.#quotas;
    if (!state || spec.base === 'status') return;
    const elapsed = this.#now() - state.at;
    let worst: { q: Quota; ms: number } | undefined;
    for (const q of state.quotas) {
      const ms = pauseMs(q, elapsed, state.sent);
      if (ms > 0 && (!worst || ms > worst.ms)) worst = { q, ms };
    }
    state.sent++;
    if (!worst) return;
    const event: PauseEvent = {
      delayMs: worst.ms,
      policy: worst.q.policy,
      remaining: Math.max(0, worst.q.remaining - state.sent + 1),
      resetSeconds: worst.q.resetSeconds,
    };
    if (worst.ms > MAX_PAUSE_MS) {
      this.#debug(
        `not pausing ${spec.method} ${url.pathname}: ${describePause(event)} is past ${MAX_PAUSE_MS / 1000} s; the portal decides`,
      );
      return;
    }
    this.#debug(`pausing ${spec.method} ${url.pathname}: ${describePause(event)} (RateLimit)`);
    this.#o.onPause?.(event);
    await this.#sleep(worst.ms);
  }

  /** Keeps what an answer says of the rate limits; Retry-After, when sent, takes precedence (the draft). */
  #noteQuotas(headers: Record<string, string | string[] | undefined>): void {
    if (headers['retry-after'] !== undefined) {
      this.#quotas = undefined;
      return;
    }
    const quotas = readQuotas(headers);
    if (quotas.length) this.#quotas = { at: this.#now(), quotas, sent: 0 };
  }

  /** Where a request goes, for messages: method, path and the origin (the proxy when there is one). */
  #context(spec: Spec, url: URL): ErrorContext {
    return {
      method: spec.method,
      path: url.pathname + url.search,
      origin: url.origin,
      ...(this.#o.proxyFor ? { proxy: this.#o.proxyFor(url) } : {}),
    };
  }

  async #send(
    spec: Spec,
    mode: 'json' | 'raw',
  ): Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: unknown;
    raw?: Dispatcher.ResponseData['body'];
  }> {
    const base = spec.base === 'status' ? this.statusUrl : this.portalUrl;
    const url = new URL(base + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {}))
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    // For messages only: built when one is needed (the proxy look-up reads the environment).
    let where: ErrorContext | undefined;
    const ctx = (): ErrorContext => (where ??= this.#context(spec, url));
    const headers: Record<string, string> = {
      // Errors come as problem details (RFC 9457), whatever was asked for.
      accept: mode === 'json' ? 'application/json, application/problem+json' : '*/*',
      'user-agent': this.#o.userAgent ?? 'ic-support',
    };
    const needsAuth = spec.auth ?? spec.base !== 'status';
    if (needsAuth === true) {
      if (!this.#token) throw this.#o.missingToken?.() ?? new AuthError(`Not signed in to ${this.portalUrl}.`);
      headers.authorization = `Bearer ${this.#token}`;
    } else if (needsAuth === 'optional' && this.#token) headers.authorization = `Bearer ${this.#token}`;
    if (spec.idempotencyKey !== undefined) headers['idempotency-key'] = spec.idempotencyKey;
    for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = v;
    if (spec.etag !== undefined) headers['if-none-match'] = spec.etag;
    let jsonBody: string | undefined;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      jsonBody = JSON.stringify(spec.json);
    }
    const repeatable = spec.method === 'GET' || (spec.method === 'POST' && spec.idempotencyKey !== undefined);
    const max = repeatable ? Math.max(1, this.#retry.attempts) : 1;
    const totalMs = spec.upload || mode === 'raw' ? this.#timeouts.transferMs : this.#timeouts.totalMs;
    const started = this.#now();

    for (let attempt = 1; ; attempt++) {
      this.lastAttempts = attempt;
      await this.#pace(spec, url);
      const t0 = this.#now();
      this.#debug(`${spec.method} ${url.href}${attempt > 1 ? ` (attempt ${attempt}/${max})` : ''}`);
      let status: number;
      let resHeaders: Record<string, string | string[] | undefined>;
      let body: unknown;
      let raw: Dispatcher.ResponseData['body'] | undefined;
      let failure: unknown;
      const upload = spec.upload?.();
      // One deadline for the whole exchange; it keeps running while a download's body is read.
      const exchange = new Exchange();
      let timedOut = false;
      const deadline = setTimeout(() => {
        timedOut = true;
        exchange.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }, totalMs).unref();
      if (this.#aborted) exchange.abort(abortError());
      this.#inFlight.add(exchange);
      const settled = (): void => {
        clearTimeout(deadline);
        this.#inFlight.delete(exchange);
      };
      const sent = {
        method: spec.method,
        headers: upload ? { ...headers, ...upload.headers } : headers,
        body: upload ? upload.body : jsonBody,
        headersTimeout: Math.min(this.#timeouts.headersMs, totalMs),
        bodyTimeout: Math.min(this.#timeouts.bodyMs, totalMs),
      };
      const maxBytes = (s: number): number =>
        s >= 200 && s < 300 ? (spec.maxBytes ?? MAX_JSON_BYTES) : MAX_ERROR_BYTES;
      try {
        if (mode === 'json') {
          // An answer read whole: no stream (./read-whole.ts).
          const a = await requestWhole(this.#o.dispatcher, url, { ...sent, signal: exchange, maxBytes });
          status = a.status;
          resHeaders = a.headers;
          settled();
          body = this.#answerBody(a.body, a.cut, header(a.headers, 'content-type'), status >= 200 && status < 300, ctx);
        } else {
          const res = await request(url, { ...sent, dispatcher: this.#o.dispatcher, signal: exchange });
          status = res.statusCode;
          resHeaders = res.headers;
          if (status >= 200 && status < 300) {
            raw = res.body;
            body = undefined;
            raw.once('close', settled);
          } else {
            const { bytes, cut } = await readBounded(res.body, maxBytes(status));
            settled();
            body = this.#answerBody(bytes, cut, header(res.headers, 'content-type'), false, ctx);
          }
        }
      } catch (e) {
        settled();
        if (e instanceof CliError) throw e;
        failure =
          timedOut && !this.#aborted
            ? Object.assign(new Error(`no complete answer within ${totalMs / 1000} s`), { code: 'IC_TOTAL_TIMEOUT' })
            : e;
        status = 0;
        resHeaders = {};
      }
      const ms = this.#now() - t0;
      const said = Date.parse(header(resHeaders, 'date') ?? '');
      if (!Number.isNaN(said)) this.#skewMs = said - this.#now();

      let retryAfter: number | undefined;
      if (failure === undefined) {
        this.#debug(`${status} ${spec.method} ${url.pathname}${url.search} in ${ms} ms`);
        this.#noteQuotas(resHeaders);
        if ((status >= 200 && status < 300) || (status === 304 && spec.etag !== undefined))
          return { status, headers: resHeaders, body, ...(raw ? { raw } : {}) };
        // A refused request, with what was sent (secrets redacted) to see why.
        if (status >= 400 && status < 500 && jsonBody !== undefined) this.#debug(`sent: ${jsonBody.slice(0, 2000)}`);
        // 409 on a keyed request: the same submission is still being handled (a retry that
        // overtook its first attempt, or a rerun after a crash); asking again soon gets its answer.
        const problem = parseApiError(body);
        // Quoted when reporting a problem to the portal's owner: its logs know the request by it.
        const requestId = problem?.requestId ?? header(resHeaders, 'x-request-id');
        if (requestId) this.#debug(`request id: ${requestId}`);
        const inProgress =
          status === 409 && Boolean(spec.idempotencyKey) && problem?.code === 'idempotency_in_progress';
        retryAfter =
          status === 429 || status === 503 || inProgress
            ? parseRetryAfter(resHeaders['retry-after'], this.#now(), resHeaders.date)
            : undefined;
        if (!RETRY_STATUSES.has(status) && !inProgress)
          throw this.#redacted(mapApiError(status, body, ctx(), retryAfter));
      } else {
        const code = networkCode(failure) ?? 'unknown';
        this.#debug(`${spec.method} ${ctx().path} failed after ${ms} ms: ${code}`);
        if (!RETRYABLE_NETWORK_CODES.has(code)) throw this.#redacted(mapNetworkError(failure, ctx(), attempt));
      }

      // A transient failure: try again when that is safe and within bounds.
      const what = failure === undefined ? `HTTP ${status}` : (networkCode(failure) ?? 'network error');
      const giveUp = (why: string): never => {
        this.#debug(`not retrying ${spec.method} ${ctx().path} after ${what}: ${why}`);
        throw this.#redacted(
          failure === undefined
            ? mapApiError(status, body, ctx(), retryAfter)
            : mapNetworkError(failure, ctx(), attempt),
        );
      };
      if (!repeatable) giveUp('a POST without an Idempotency-Key is not safe to repeat');
      if (attempt >= max) giveUp(`${attempt} attempt${attempt === 1 ? '' : 's'} made, the most allowed`);
      const delay = Math.max(retryAfter !== undefined ? retryAfter * 1000 : 0, this.backoffMs(attempt));
      const elapsed = this.#now() - started;
      if (elapsed + delay > this.#retry.budgetMs)
        giveUp(`waiting ${delay} ms more would pass the ${this.#retry.budgetMs} ms retry budget`);
      this.#debug(
        `retrying ${spec.method} ${ctx().path} after ${what} in ${delay} ms${retryAfter !== undefined ? ` (Retry-After: ${retryAfter} s)` : ''} (attempt ${attempt + 1}/${max})`,
      );
      this.#o.onRetry?.({
        status: failure === undefined ? status : undefined,
        code: failure === undefined ? undefined : networkCode(failure),
        delayMs: delay,
        attempt: attempt + 1,
        attempts: max,
      });
      await this.#sleep(delay);
    }
  }

  /** A portal's words may echo what we sent (the token): never into a message. */
  #redacted<E extends CliError>(e: E): E {
    e.message = redact(e.message, [this.#token]);
    if (e instanceof ValidationError) for (const i of e.issues) i.message = redact(i.message, [this.#token]);
    return e;
  }

  /**
   * What a body read up to its bound says. Past the bound (`cut`), an answer we wanted (2xx) is an
   * error; an error answer was only cut short. A 2xx that is not JSON (a captive portal's page) is
   * an error too; its first bytes go to --verbose, its controls shown.
   */
  #answerBody(
    bytes: Buffer,
    cut: boolean,
    contentType: string | undefined,
    ok: boolean,
    ctx: () => ErrorContext,
  ): unknown {
    const text = bytes.toString('utf8');
    const first = (): void =>
      this.#debug(`first bytes of the answer (${contentType ?? 'no content type'}): ${text.slice(0, 300)}`);
    if (cut && ok) {
      first();
      throw new BadAnswerError(
        `The portal's answer while ${describeRequest(ctx())} exceeded ${formatMiB(bytes.length)}; it was not read further.`,
        BAD_ANSWER_HINT,
      );
    }
    if (text === '') return undefined;
    const looksJson = !contentType || /json/i.test(contentType);
    let parsed: unknown;
    let isJson = false;
    if (looksJson) {
      try {
        parsed = JSON.parse(text) as unknown;
        isJson = true;
      } catch {
        // below
      }
    }
    if (isJson) return parsed;
    if (!ok) return { nonJson: contentType ?? 'unknown', text: text.slice(0, 200) };
    first();
    throw new BadAnswerError(
      `The portal's answer while ${describeRequest(ctx())} is not JSON${contentType ? ` (${contentType.split(';')[0]})` : ''}: something else answered, such as a Wi-Fi sign-in page, a proxy or a firewall.`,
      BAD_ANSWER_HINT,
    );
  }

  /** Sends a request and parses the 2xx body with its schema. */
  async call<K extends Checked = never>(spec: Spec<K>): Promise<Response<AnswerOf<K>>> {
    const r = await this.#send(spec, 'json');
    if (!spec.answer || r.status === 304)
      return { status: r.status, headers: r.headers, data: undefined as AnswerOf<K> };
    if (spec.answer === 'unchecked') return { status: r.status, headers: r.headers, data: r.body as AnswerOf<K> };
    const parsed = await parseAnswer(spec.answer as AnswerName, r.body, {
      exact: spec.exact === true || this.#o.exactText === true,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : '(the body)';
      this.#debug(`the answer: ${JSON.stringify(r.body)?.slice(0, 300)}`);
      throw new BadAnswerError(
        `The portal's answer while ${describeRequest(spec)} does not match the API contract: ${where}: ${issue?.message ?? 'unexpected shape'}.`,
        `Is ${spec.base === 'status' ? `the notifications URL (${this.statusUrl})` : `portalUrl (${this.portalUrl})`} an Infinite Campus support portal? Check it with: ic-support config get ${spec.base === 'status' ? 'notificationsUrl' : 'portalUrl'}; --verbose shows the answer.`,
      );
    }
    return { status: r.status, headers: r.headers, data: parsed.data as AnswerOf<K> };
  }

  // --- Sessions and accounts ---------------------------------------------------------------

  async createSession(email: string, password: string): Promise<S.Session> {
    return (
      await this.call({
        method: 'POST',
        path: '/api/v1/sessions',
        json: { email, password },
        auth: false,
        answer: 'sessionSchema',
      })
    ).data;
  }

  async deleteSession(): Promise<void> {
    await this.call({ method: 'DELETE', path: '/api/v1/sessions/current' });
  }

  // --- Personal access tokens (made from a session; a CI job holds one instead of a password)

  async createPersonalToken(t: {
    name: string;
    expiresInDays: number;
    scope: 'read' | 'file';
  }): Promise<S.PersonalToken & { token: string }> {
    return (await this.call({ method: 'POST', path: '/api/v1/tokens', json: t, answer: 'personalTokenCreatedSchema' }))
      .data;
  }

  async listPersonalTokens(): Promise<S.PersonalToken[]> {
    return (await this.call({ method: 'GET', path: '/api/v1/tokens', answer: 'personalTokensSchema' })).data.tokens;
  }

  async revokePersonalToken(id: string): Promise<void> {
    await this.call({ method: 'DELETE', path: `/api/v1/tokens/${encodeURIComponent(id)}` });
  }

  async requestActivation(email: string): Promise<void> {
    await this.call({ method: 'POST', path: '/api/v1/activation/request', json: { email }, auth: false });
  }

  async confirmActivation(token: string, password: string): Promise<S.Contact> {
    return (
      await this.call({
        method: 'POST',
        path: '/api/v1/activation/confirm',
        json: { token, password },
        auth: false,
        answer: 'activationConfirmSchema',
      })
    ).data.contact;
  }

  async requestPasswordReset(email: string): Promise<void> {
    await this.call({ method: 'POST', path: '/api/v1/password-reset/request', json: { email }, auth: false });
  }

  async confirmPasswordReset(token: string, password: string): Promise<void> {
    await this.call({ method: 'POST', path: '/api/v1/password-reset/confirm', json: { token, password }, auth: false });
  }

  async me(): Promise<S.Me> {
    return (await this.call({ method: 'GET', path: '/api/v1/me', answer: 'meSchema' })).data;
  }

  async districtContacts(districtId: string): Promise<S.DistrictContact[]> {
    return (
      await this.call({
        method: 'GET',
        path: `/api/v1/districts/${encodeURIComponent(districtId)}/contacts`,
        answer: 'contactsSchema',
      })
    ).data.contacts;
  }

  /**
   * A request public in the contract that a portal may protect (its catalog, its picklists): sent
   * with the token when one is held; answered 401 while none went with it, sent once more if one is
   * held by then (a sign-in finished meanwhile). A 401 with the token is the portal's answer.
   */
  async #openCall<K extends AnswerName>(spec: Spec<K> & { auth: 'optional' }): Promise<Response<AnswerOf<K>>> {
    const sent = this.#token;
    try {
      return await this.call(spec);
    } catch (e) {
      if (!(e instanceof CliError) || e.portal?.status !== 401 || !this.#token || this.#token === sent) throw e;
      this.#debug(`${spec.method} ${spec.path}: 401 without the token; once more with it`);
      return this.call(spec);
    }
  }

  async picklists(): Promise<S.Picklists> {
    // Public in the contract (security: []): read before sign-in too (activation's password length).
    return (
      await this.#openCall({
        method: 'GET',
        path: '/api/v1/picklists',
        answer: 'picklistsSchema',
        auth: 'optional',
        exact: true,
      })
    ).data;
  }

  /**
   * The portal's catalog (case types, fields, lists, limits), revalidated with the ETag of the copy
   * cached: undefined when that copy is still current (304).
   */
  async catalog(etag?: string): Promise<{ catalog: PortalCatalogAnswer; etag: string | undefined } | undefined> {
    const r = await this.#openCall({
      method: 'GET',
      path: '/api/v1/catalog',
      answer: 'portalCatalogSchema',
      auth: 'optional',
      exact: true,
      ...(etag ? { etag } : {}),
    });
    return r.status === 304 ? undefined : { catalog: normalizePortalCatalog(r.data), etag: header(r.headers, 'etag') };
  }

  // --- Cases -------------------------------------------------------------------------------

  /**
   * Files a case. The key is chosen once per submission by the caller and reused on every retry
   * and every later attempt; the portal answers a replay with the case filed the first time.
   */
  async createCase(body: S.CreateCaseBody, idempotencyKey: string): Promise<{ case: S.PortalCase; replayed: boolean }> {
    if (idempotencyKey.length < 1 || idempotencyKey.length > 200)
      throw new CliError('An Idempotency-Key must be 1 to 200 characters.', ExitCode.usage);
    const r = await this.call({
      method: 'POST',
      path: '/api/v1/cases',
      json: body,
      idempotencyKey,
      answer: 'caseSchema',
    });
    return { case: r.data, replayed: header(r.headers, 'idempotent-replayed') === 'true' };
  }

  async listCases(
    q: {
      status?: 'open' | 'closed' | 'all';
      caseStatus?: string;
      caseType?: string;
      account?: string;
      q?: string;
      limit?: number;
      cursor?: string;
      /** Only cases updated at or after this instant (RFC 3339, the portal's time). */
      updatedSince?: string;
    } = {},
  ): Promise<S.CaseList> {
    return (await this.call({ method: 'GET', path: '/api/v1/cases', query: q, answer: 'caseListSchema' })).data;
  }

  async getCase(number: string): Promise<S.PortalCase> {
    return (
      await this.call({ method: 'GET', path: `/api/v1/cases/${encodeURIComponent(number)}`, answer: 'caseSchema' })
    ).data;
  }

  /** The thread, oldest first; from `updatedSince` on (RFC 3339, the portal's time) when given. */
  async listComments(number: string, updatedSince?: string): Promise<S.Comment[]> {
    return (
      await this.call({
        method: 'GET',
        path: `/api/v1/cases/${encodeURIComponent(number)}/comments`,
        query: { updatedSince },
        answer: 'commentsSchema',
      })
    ).data.comments;
  }

  /**
   * Adds a comment under an Idempotency-Key of its case and text (commentKey): retried as filing
   * is, and a rerun after an interrupted run gets the comment posted first, not a second one.
   */
  async addComment(number: string, body: string): Promise<S.Comment> {
    return (
      await this.call({
        method: 'POST',
        path: `/api/v1/cases/${encodeURIComponent(number)}/comments`,
        json: { body },
        idempotencyKey: commentKey(keyedNumber(number), body),
        answer: 'commentSchema',
      })
    ).data;
  }

  /** Closes an open case (a comment is optional); `changed` is false when it was closed already. */
  async closeCase(number: string, comment?: string): Promise<S.CaseChange> {
    return (
      await this.call({
        method: 'POST',
        path: `/api/v1/cases/${encodeURIComponent(number)}/close`,
        json: comment ? { comment } : {},
        answer: 'caseChangeSchema',
      })
    ).data;
  }

  /** Reopens a closed case with the additional details; the portal enforces its reopen window. */
  async reopenCase(number: string, comment: string): Promise<S.CaseChange> {
    return (
      await this.call({
        method: 'POST',
        path: `/api/v1/cases/${encodeURIComponent(number)}/reopen`,
        json: { comment },
        answer: 'caseChangeSchema',
      })
    ).data;
  }

  async caseProcess(): Promise<S.CaseProcess> {
    return (await this.call({ method: 'GET', path: '/api/v1/case-process', answer: 'caseProcessSchema' })).data;
  }

  async listAttachments(number: string): Promise<S.Attachment[]> {
    return (
      await this.call({
        method: 'GET',
        path: `/api/v1/cases/${encodeURIComponent(number)}/attachments`,
        answer: 'attachmentsSchema',
      })
    ).data.attachments;
  }

  /** Streams a file from disk as multipart/form-data: memory stays flat whatever its size. */
  async uploadAttachment(
    number: string,
    filePath: string,
    opts: { filename?: string; contentType?: string; onProgress?: (sent: number, total: number) => void } = {},
  ): Promise<S.Attachment> {
    const file = regularFile(filePath);
    if (!file.ok) throw new FileProblemError(filePath, file.message, 'Give the path of the file to attach.');
    const { size } = file;
    const filename = opts.filename ?? basename(filePath);
    this.#debug(`attaching ${filename} (${size} bytes) to case ${number}`);
    // Keyed by the case, the name and the bytes: retried as filing is, and never a second attachment.
    const idempotencyKey = attachmentKey(keyedNumber(number), filename, size, await fileSha256(filePath));
    // Streamed from disk with a known length: memory stays flat whatever the file's size.
    const upload = () =>
      fileMultipart('file', filePath, filename, opts.contentType ?? contentTypeOf(filename), size, opts.onProgress);
    return (
      await this.call({
        method: 'POST',
        path: `/api/v1/cases/${encodeURIComponent(number)}/attachments`,
        upload,
        idempotencyKey,
        answer: 'attachmentSchema',
      })
    ).data;
  }

  /**
   * Downloads an attachment into a file (or any writable stream); returns its name and size. The
   * body is stopped at `maxBytes` (the size the portal listed, within its attachment limit): a
   * longer or endless body is a BadAnswerError and no more of it is read.
   */
  async downloadAttachment(
    number: string,
    id: string,
    dest: string | Writable,
    o: { maxBytes: number },
  ): Promise<{ filename: string | undefined; contentType: string | undefined; bytes: number }> {
    const path = `/api/v1/cases/${encodeURIComponent(number)}/attachments/${encodeURIComponent(id)}`;
    const r = await this.#send({ method: 'GET', path }, 'raw');
    const body = r.raw!;
    const tooLong = (n: string): BadAnswerError =>
      new BadAnswerError(
        `The portal sent ${n} for attachment ${id} of case ${number}, which was listed as ${o.maxBytes} bytes; the download was stopped.`,
        'The portal or something in between sent more than it listed; try again later, and report it if it happens again.',
      );
    const declared = Number(header(r.headers, 'content-length'));
    if (Number.isFinite(declared) && declared > o.maxBytes) {
      body.destroy();
      throw tooLong(`a body of ${declared} bytes`);
    }
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > o.maxBytes) done(tooLong('more bytes'));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, limit, typeof dest === 'string' ? createWriteStream(dest, { mode: 0o600 }) : dest);
    } catch (e) {
      if (e instanceof CliError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      // The file system's errors (ENOSPC, EFBIG) are the caller's to explain; the rest is the network.
      if (code && !code.startsWith('UND_') && code !== 'ECONNRESET' && code !== 'ABORT_ERR') throw e;
      throw this.#redacted(
        mapNetworkError(e, this.#context({ method: 'GET', path }, new URL(this.portalUrl + path)), 1),
      );
    }
    return {
      filename: filenameFromDisposition(header(r.headers, 'content-disposition')),
      contentType: header(r.headers, 'content-type'),
      bytes,
    };
  }

  // --- Notifications (the status base URL; no sign-in) -------------------------------------

  async notifications(state: 'open' | 'closed' = 'open'): Promise<S.Notifications> {
    return (
      await this.call({
        method: 'GET',
        base: 'status',
        path: '/status/v1/notifications',
        query: { state },
        auth: false,
        answer: 'notificationsSchema',
      })
    ).data;
  }

  async notification(id: string): Promise<S.Notification> {
    return (
      await this.call({
        method: 'GET',
        base: 'status',
        path: `/status/v1/notifications/${encodeURIComponent(id)}`,
        auth: false,
        answer: 'notificationSchema',
      })
    ).data;
  }

  /** Stops what is in flight now (a signal): the request fails at once and nothing more is sent. */
  abort(): void {
    this.#aborted = true;
    for (const x of this.#inFlight) x.abort(abortError());
  }

  async close(): Promise<void> {
    await this.#o.dispatcher.close();
  }
}

export function filenameFromDisposition(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(v);
  if (star?.[1]) {
    try {
      return basename(decodeURIComponent(star[1].trim().replace(/^"|"$/g, '')));
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(v);
  return plain?.[1] ? basename(plain[1].trim()) : undefined;
}
