/**
 * The sandbox's router: find-my-way (a radix tree) over node's own req/res, so handlers stream with
 * busboy and pipeline and fault injection can still take the socket. Routes are data (`Route`),
 * grouped by resource in routes/*.ts and listed once in routes/index.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay, { type HTTPVersion, type Instance } from 'find-my-way';
import type { ZodType } from 'zod';
import type { SandboxApp } from './app.js';
import { HttpError } from './http.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters, percent-decoded (`:number` in the route path). */
  params: Record<string, string>;
  app: SandboxApp;
}

export type Handler = (c: RequestContext) => Promise<void> | void;

export interface Route {
  method: Method;
  /** find-my-way syntax: `/api/v1/cases/:number`. */
  path: string;
  /**
   * The vendor's side: the server asks for the admin key before the handler runs. Decided here, on
   * the route the router matched, never from the request's path text (which may be percent-encoded).
   * Every route under /sandbox/ must say so and no other may (createRouter checks).
   */
  admin?: true;
  handle: Handler;
  /** The schema the handler reads its JSON body with (bodies.ts): the contract test compares the two. */
  body?: ZodType;
}

export interface Router {
  /** The route for a request (HEAD: the GET route); 404 (as HttpError) for no such path, 405 with Allow for no such method. */
  match(method: string, path: string): { route: Route; params: Record<string, string> };
}

/** Marks the vendor's routes (under /sandbox/) as needing the admin key. */
export const adminOnly = (routes: Route[]): Route[] => routes.map((r) => ({ ...r, admin: true }));

export function createRouter(routes: readonly Route[]): Router {
  // Case numbers and ids are short; a long parameter is still matched so the handler says "not found" by name.
  const fmw: Instance<HTTPVersion.V1> = FindMyWay({
    caseSensitive: true,
    ignoreTrailingSlash: false,
    maxParamLength: 1000,
  });
  for (const r of routes) {
    if (r.path.startsWith('/sandbox/') !== (r.admin === true))
      throw new Error(`route ${r.method} ${r.path}: routes under /sandbox/, and only they, are admin routes`);
    fmw.on(r.method, r.path, () => undefined, r);
  }
  const find = (method: Method, path: string) => {
    const hit = fmw.find(method, path);
    // An empty parameter (`/api/v1/cases/`) names nothing.
    if (!hit || Object.values(hit.params).some((v) => !v)) return undefined;
    return hit;
  };
  return {
    match(method, path) {
      // HEAD is GET without the body (node leaves the body out of a HEAD answer by itself).
      const as = method === 'HEAD' ? 'GET' : method;
      const hit = METHODS.includes(as as Method) ? find(as as Method, path) : undefined;
      if (hit) return { route: hit.store as Route, params: { ...hit.params } as Record<string, string> };
      const allowed = METHODS.filter((m) => find(m, path));
      if (allowed.length) {
        const allow = allowed.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
        throw new HttpError(
          405,
          'method_not_allowed',
          `${method} is not supported on ${path}; use ${allow.join(', ')}.`,
          undefined,
          {
            Allow: allow.join(', '),
          },
        );
      }
      throw new HttpError(404, 'not_found', `No such resource: ${method} ${path}. See schemas/portal-api.yaml.`);
    },
  };
}
