/**
 * The sandbox portal's request handling: one request in, the router's handler for it, faults
 * applied before, the one error shape after. It trusts nothing the client sends: bodies are checked
 * with zod (bodies.ts) and cases with the CLI's own catalog code (src/domain/validation.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxApp, type PortalDeps } from './app.js';
import { HttpError, sendError } from './http.js';
import { createRouter } from './router.js';
import { ROUTES } from './routes/index.js';

export type { PortalDeps } from './app.js';

export function createPortal(deps: PortalDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const app = new SandboxApp(deps);
  const router = createRouter(ROUTES);

  return async function handle(req, res) {
    const started = Date.now();
    const method = req.method ?? 'GET';
    let path = '/';
    res.on('finish', () => deps.log(`${method} ${path} ${res.statusCode} ${Date.now() - started}ms`));
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      path = url.pathname;
      if (await app.faults.apply(req, res, path)) {
        deps.log(`${method} ${path} dropped (fault)`);
        return;
      }
      // What fell due since the last request (3x10 follow-ups and closes) happens before it is answered.
      if (!path.startsWith('/status/')) app.life.sweep();
      const { handle: handler, params } = router.match(method, path);
      if (path.startsWith('/sandbox/')) app.requireAdmin(req);
      await handler({ req, res, url, params, app });
    } catch (e) {
      if (e instanceof HttpError) {
        sendError(res, e);
        return;
      }
      deps.log(`internal error on ${method} ${path}: ${(e as Error)?.message ?? String(e)}`);
      sendError(res, new HttpError(500, 'internal', 'The sandbox hit an unexpected error; its log has the details.'));
    }
  };
}
