/**
 * Idempotency-Key on the sandbox's POSTs that create something (a case, a comment, an attachment),
 * as the IETF httpapi draft and Stripe have it: the first answer is stored with the key; the same
 * key and body within the key's lifetime gets that answer again — its status and body as they were
 * — with `Idempotent-Replayed: true`; the key with another body or on another operation is 422; a
 * request still running with the key is 409. Keys belong to a contact and live 24 hours by the
 * sandbox clock; after that a key is new again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Auth, SandboxApp } from './app.js';
import { badRequest, HttpError, sendJson } from './http.js';
import type { Store } from './store.js';

export const IDEMPOTENCY_KEY_LIFETIME_HOURS = 24;
const LIFETIME_MS = IDEMPOTENCY_KEY_LIFETIME_HOURS * 3600_000;
const REPLAYED_HEADER = 'Idempotent-Replayed';

/** The Idempotency-Key header: 400 when required and missing or longer than 200 characters. */
export function idempotencyKey(req: IncomingMessage, required: boolean): string | undefined {
  const raw = req.headers['idempotency-key'];
  const key = typeof raw === 'string' ? raw.trim() : '';
  if (!key && !required) return undefined;
  if (!key || key.length > 200)
    throw badRequest(
      'Send an Idempotency-Key header of 1 to 200 characters, chosen once per request and reused on every retry.',
    );
  return key;
}

/** One keyed request: what it is (`scope`, e.g. "POST /api/v1/cases/00001042/comments") and its body. */
export interface Keyed {
  key: string;
  scope: string;
  bodyHash: string;
}

/** Marks the key in flight (409 when it already is); the returned function releases it. */
export function hold(app: SandboxApp, auth: Auth, key: string): () => void {
  const flight = `${auth.contact.id}\n${key}`;
  if (app.inFlight.has(flight))
    throw new HttpError(
      409,
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed; retry in a moment.',
      undefined,
      { 'Retry-After': '1' },
    );
  app.inFlight.add(flight);
  return () => app.inFlight.delete(flight);
}

/** The stored answer for a key still within its lifetime. */
function live(store: Store, auth: Auth, key: string, now: Date) {
  const seen = store.storedAnswer(auth.contact.id, key);
  return seen && Date.parse(seen.created_at) + LIFETIME_MS > now.getTime() ? seen : undefined;
}

/**
 * Answers a repeat of a keyed request with the stored first answer (true), or says there is none
 * (false). The key used with another body or on another operation is 422.
 */
export function replay(app: SandboxApp, auth: Auth, k: Keyed, res: ServerResponse): boolean {
  const seen = live(app.store, auth, k.key, app.deps.clock());
  if (!seen) return false;
  if (seen.scope !== k.scope || seen.body_hash !== k.bodyHash)
    throw new HttpError(
      422,
      'idempotency_key_reused',
      seen.scope !== k.scope
        ? 'This Idempotency-Key was already used for another request; use a new key for a new request.'
        : 'This Idempotency-Key was already used with a different body; use a new key for a new request.',
    );
  sendJson(res, seen.status, JSON.parse(seen.answer) as unknown, {
    [REPLAYED_HEADER]: 'true',
    ...(seen.location ? { Location: seen.location } : {}),
  });
  return true;
}

/** Inside the transaction that makes the thing: another request (another process) stored an answer first. */
export function taken(app: SandboxApp, auth: Auth, key: string): boolean {
  return live(app.store, auth, key, app.deps.clock()) !== undefined;
}

/** Inside the same transaction, after `taken` said no: stores this first answer. */
export function remember(
  app: SandboxApp,
  auth: Auth,
  k: Keyed,
  answer: { status: number; body: unknown; location?: string },
): void {
  app.store.storeAnswer({
    contactId: auth.contact.id,
    key: k.key,
    scope: k.scope,
    bodyHash: k.bodyHash,
    status: answer.status,
    answer: JSON.stringify(answer.body),
    location: answer.location ?? null,
    createdAt: app.deps.clock().toISOString(),
  });
}
