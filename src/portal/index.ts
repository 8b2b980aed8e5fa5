/** Builds the portal client from resolved settings: the one place a dispatcher is made. */
import type { Dispatcher } from 'undici';
import { UsageError } from '../errors.js';
import { PortalClient, DEFAULT_RETRY, DEFAULT_TIMEOUTS, type PortalClientOptions } from './client.js';
import { createDispatcher } from './dispatcher.js';

export { PortalClient } from './client.js';
export { isTransient } from './errors.js';

export interface ClientSettings {
  env: NodeJS.ProcessEnv;
  portalUrl: string;
  statusUrl?: string | undefined;
  token?: string | undefined;
  caFile?: { path: string; source: string } | undefined;
  debug?: (line: string) => void;
  version: string;
  missingToken?: PortalClientOptions['missingToken'];
  /** Told before each retry (spinner text: describeRetry in ./client.ts). */
  onRetry?: PortalClientOptions['onRetry'];
  /** Tests inject a MockAgent here. */
  dispatcher?: Dispatcher | undefined;
}

/** IC_SUPPORT_HTTP_RETRIES: retries after the first attempt (0-10), for patient cron jobs. */
export function retriesFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.IC_SUPPORT_HTTP_RETRIES;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 10) throw new UsageError(`IC_SUPPORT_HTTP_RETRIES="${raw}" is not a number from 0 to 10`, 'Set it to how many times a failed request may be retried (default 3), or unset it.');
  return Number(raw);
}

/**
 * IC_SUPPORT_HTTP_TIMEOUT: seconds to wait for the portal to start answering a request (default
 * 30; decimals allowed, 0.1 to 600). A slow district network may need more; the fault suite uses
 * less to test answers that arrive too late.
 */
export function timeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.IC_SUPPORT_HTTP_TIMEOUT;
  if (raw === undefined || raw === '') return undefined;
  const s = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || s < 0.1 || s > 600) throw new UsageError(`IC_SUPPORT_HTTP_TIMEOUT="${raw}" is not a number of seconds from 0.1 to 600`, 'Set it to how long to wait for the portal to answer (default 30), or unset it.');
  return Math.round(s * 1000);
}

export function createPortalClient(s: ClientSettings): PortalClient {
  const retries = retriesFromEnv(s.env);
  const headersMs = timeoutFromEnv(s.env);
  const attempts = retries === undefined ? DEFAULT_RETRY.attempts : retries + 1;
  // More attempts need more time: keep the budget proportional.
  const budgetMs = Math.max(DEFAULT_RETRY.budgetMs, attempts * DEFAULT_RETRY.maxDelayMs);
  return new PortalClient({
    portalUrl: s.portalUrl,
    statusUrl: s.statusUrl,
    token: s.token,
    dispatcher: s.dispatcher ?? createDispatcher({ env: s.env, caFile: s.caFile, connectTimeoutMs: DEFAULT_TIMEOUTS.connectMs }),
    userAgent: `ic-support/${s.version} node/${process.versions.node}`,
    retry: { attempts, budgetMs },
    ...(headersMs !== undefined ? { timeouts: { headersMs } } : {}),
    ...(s.debug ? { debug: s.debug } : {}),
    ...(s.missingToken ? { missingToken: s.missingToken } : {}),
    ...(s.onRetry ? { onRetry: s.onRetry } : {}),
  });
}
