/**
 * HTTP plumbing for the sandbox: the one error shape (RFC 9457 problem details), JSON responses,
 * bounded body reading.
 * No framework: node:http requests and responses with small helpers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FieldIssue } from '../errors.js';
import { MAX_JSON_BODY_BYTES } from '../domain/limits.js';
import { SANDBOX_LIMITS } from './catalog.js';

export const JSON_BODY_LIMIT = MAX_JSON_BODY_BYTES;
// The limit the sandbox publishes in its catalog (GET /api/v1/catalog), which clients read.
export const ATTACHMENT_LIMIT = SANDBOX_LIMITS.attachmentMaxBytes;

export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'token_expired'
  | 'invalid_credentials'
  | 'forbidden'
  | 'account_not_activated'
  | 'not_found'
  | 'method_not_allowed'
  | 'idempotency_in_progress'
  | 'reopen_window_closed'
  | 'case_closed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'idempotency_key_reused'
  | 'rate_limited'
  | 'internal'
  | 'unavailable';

/** An answer other than success: thrown by handlers, written by the server as the one error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, 'bad_request', message);
/** 415: the body is not of the media type the operation takes (RFC 9110 §15.5.16). */
export const unsupportedMediaType = (what: string, wanted: string, got: string): HttpError =>
  new HttpError(
    415,
    'unsupported_media_type',
    `Send the body as ${what} with Content-Type: ${wanted} (got ${got ? `"${got}"` : 'no Content-Type'}).`,
  );
export const notFound = (what = 'Not found.'): HttpError => new HttpError(404, 'not_found', what);
export const forbidden = (message: string): HttpError => new HttpError(403, 'forbidden', message);
export const invalid = (fields: FieldIssue[], message?: string): HttpError =>
  new HttpError(
    422,
    'validation_failed',
    message ?? `${fields.length} problem${fields.length === 1 ? '' : 's'} with the request`,
    fields,
  );

/**
 * Where the problem types live: identifiers (RFC 9457 §3.1.1), not links — `.invalid` never
 * resolves. A portal puts its own; clients go by `code`.
 */
export const PROBLEM_TYPE_BASE = 'https://ic-support.invalid/problems/';

/** RFC 9457's `title`: the same short summary for every occurrence of a problem type. */
const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  unauthenticated: 'Not signed in',
  token_expired: 'Sign-in expired',
  invalid_credentials: 'Wrong email or password',
  forbidden: 'Not allowed',
  account_not_activated: 'Account not activated',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  idempotency_in_progress: 'Request with this key in progress',
  reopen_window_closed: 'Reopen window closed',
  case_closed: 'Case closed',
  payload_too_large: 'Body too large',
  unsupported_media_type: 'Unsupported media type',
  validation_failed: 'Validation failed',
  idempotency_key_reused: 'Idempotency key reused',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Unavailable',
};

/** An error answer as RFC 9457 problem details; `code`, `fields` and `requestId` are its extensions. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  fields?: FieldIssue[];
}

export function problemBody(e: HttpError, requestId: string): Problem {
  return {
    type: PROBLEM_TYPE_BASE + e.code,
    title: TITLES[e.code],
    status: e.status,
    detail: e.message,
    code: e.code,
    requestId,
    ...(e.fields ? { fields: e.fields } : {}),
  };
}

export const PROBLEM_JSON = 'application/problem+json';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
  res.end();
}

/** The header every answer carries (server.ts sets it first); the same id is in each problem body. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

export function sendError(res: ServerResponse, e: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const requestId = String(res.getHeader(REQUEST_ID_HEADER) ?? '');
  sendJson(res, e.status, problemBody(e, requestId), { 'Content-Type': PROBLEM_JSON, ...e.headers });
}

/** Throws away what is left of a request body (so the client can read our answer), up to a bound. */
export function drain(req: IncomingMessage, maxBytes = ATTACHMENT_LIMIT * 2): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded || req.destroyed) return resolve();
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) {
        req.destroy();
        resolve();
      }
    });
    req.on('end', () => resolve());
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.resume();
  });
}

const tooLarge = (limit: number): HttpError =>
  new HttpError(
    413,
    'payload_too_large',
    `The request body is larger than ${limit} bytes (${Math.round(limit / 1024)} KiB).`,
    undefined,
    { Connection: 'close' },
  );

/**
 * Reads a JSON body: 400 for another content type or malformed JSON, 413 over the limit (checked on
 * Content-Length first and on the bytes actually received). An empty body reads as `undefined`.
 */
function clientGone(): HttpError {
  return new HttpError(400, 'bad_request', 'The client closed the connection before sending the whole body.');
}

export async function readJson(req: IncomingMessage, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? '0');
  // Read what the client is sending before answering 413, so that it sees the answer rather than a
  // reset connection; past a bound, stop reading and close the connection instead.
  if (declared > limit) {
    await drain(req, limit * 8);
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // A client that went away (killed mid-request, a dropped connection) must not leave this
  // waiting forever: that would hold its idempotency key "in progress" for good.
  if (req.destroyed && !req.readableEnded) throw clientGone();
  const over = await new Promise<boolean>((resolve, reject) => {
    req.on('close', () => {
      if (!req.readableEnded) reject(clientGone());
    });
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 8) {
        req.destroy();
        resolve(true);
      }
    });
    req.on('end', () => resolve(size > limit));
    req.on('error', (e) => reject(e));
  });
  if (over) throw tooLarge(limit);
  if (size === 0) return undefined;
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json'))
    throw unsupportedMediaType('JSON', 'application/json', type);
  const text = Buffer.concat(chunks).toString('utf8');
  // Checked before parsing: what walks the value later (hashing, validation) recurses.
  if (nestingDepth(text) > MAX_JSON_DEPTH)
    throw badRequest(
      `The body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; no request needs that.`,
    );
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badRequest(`The body is not valid JSON: ${(e as Error).message}`);
  }
}

/** How deep a request body's arrays and objects may nest: every body of the contract needs 3 or fewer. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of [ and { in JSON text (strings skipped); malformed text is left to JSON.parse. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return deepest;
}

/** A JSON object body (400 otherwise); fields are read by the caller with `str()` and friends. */
export async function readObject(
  req: IncomingMessage,
  opts: { optional?: boolean } = {},
): Promise<Record<string, unknown>> {
  const body = await readJson(req);
  if (body === undefined && opts.optional) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(body === undefined ? 'A JSON object body is required.' : 'The body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
