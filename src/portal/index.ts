/** Builds the portal client from resolved settings: the one place a dispatcher is made. */
import type { Dispatcher } from 'undici';
import { UsageError } from '../errors.js';
import { parseTimeoutSeconds } from '../domain/limits.js';
import { PortalClient, DEFAULT_RETRY, DEFAULT_TIMEOUTS, type PortalClientOptions, type Timeouts } from './client.js';
import { createDispatcher, proxyFor } from './dispatcher.js';
import { redact } from './redact.js';

export { PortalClient } from './client.js';

export interface ClientSettings {
  env: NodeJS.ProcessEnv;
  portalUrl: string;
  statusUrl?: string | undefined;
  token?: string | undefined;
  caFile?: { path: string; source: string } | undefined;
  debug?: (line: string) => void;
  /** The answers' text exact (an invocation that prints JSON): PortalClientOptions.exactText. */
  exactText?: boolean | undefined;
  version: string;
  missingToken?: PortalClientOptions['missingToken'];
  /** Told before each retry (spinner text: describeRetry in ./client.ts). */
  onRetry?: PortalClientOptions['onRetry'];
  /** Told before each pause the portal's RateLimit asks for (describePause in ./client.ts). */
  onPause?: PortalClientOptions['onPause'];
  /** The profile's httpTimeout (ms, see timeoutFromEnv); IC_SUPPORT_HTTP_TIMEOUT wins over it. */
  timeoutMs?: number | undefined;
  /** Tests inject a MockAgent here. */
  dispatcher?: Dispatcher | undefined;
  /** The wait before a retry (the context's: injectable). */
  sleep?: PortalClientOptions['sleep'];
}

/** IC_SUPPORT_HTTP_RETRIES: retries after the first attempt (0-10), for patient cron jobs. */
export function retriesFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.IC_SUPPORT_HTTP_RETRIES;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 10)
    throw new UsageError(
      `IC_SUPPORT_HTTP_RETRIES="${raw}" is not a number from 0 to 10`,
      'Set it to how many times a failed request may be retried (default 3), or unset it.',
    );
  return Number(raw);
}

/**
 * IC_SUPPORT_HTTP_TIMEOUT (or the profile's httpTimeout): seconds to wait for the portal to start
 * answering a request, and between two parts of its answer (default 30); one request takes twice
 * that at most in all, so a body dripped a byte at a time ends too. Uploads and downloads get ten
 * minutes or that, whichever is longer. A slow district network may need more; the fault suite
 * uses less to test answers that arrive too late.
 */
export function timeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.IC_SUPPORT_HTTP_TIMEOUT;
  if (raw === undefined || raw === '') return undefined;
  const r = parseTimeoutSeconds(raw);
  if (!r.ok)
    throw new UsageError(
      `IC_SUPPORT_HTTP_TIMEOUT: ${r.message}`,
      'Set it to how long to wait for the portal to answer (default 30), or unset it.',
    );
  return r.ms;
}

/** The timeouts for a chosen wait: the whole exchange may take twice it. */
export function timeoutsFor(waitMs: number): Partial<Timeouts> {
  return {
    headersMs: waitMs,
    bodyMs: waitMs,
    totalMs: 2 * waitMs,
    transferMs: Math.max(DEFAULT_TIMEOUTS.transferMs, 2 * waitMs),
  };
}

export function createPortalClient(s: ClientSettings): PortalClient {
  const retries = retriesFromEnv(s.env);
  const timeoutMs = timeoutFromEnv(s.env) ?? s.timeoutMs;
  const proxy = (url: URL): string | undefined => {
    const p = proxyFor(s.env, url);
    return p === undefined ? undefined : redact(p);
  };
  const raw = proxyFor(s.env, new URL(s.portalUrl));
  if (raw) s.debug?.(redact(`requests to ${new URL(s.portalUrl).origin} go through the proxy ${raw}`));
  const attempts = retries === undefined ? DEFAULT_RETRY.attempts : retries + 1;
  // More attempts need more time: keep the budget proportional.
  const budgetMs = Math.max(DEFAULT_RETRY.budgetMs, attempts * DEFAULT_RETRY.maxDelayMs);
  return new PortalClient({
    portalUrl: s.portalUrl,
    statusUrl: s.statusUrl,
    token: s.token,
    dispatcher:
      s.dispatcher ?? createDispatcher({ env: s.env, caFile: s.caFile, connectTimeoutMs: DEFAULT_TIMEOUTS.connectMs }),
    userAgent: `ic-support/${s.version} node/${process.versions.node}`,
    retry: { attempts, budgetMs },
    ...(timeoutMs !== undefined ? { timeouts: timeoutsFor(timeoutMs) } : {}),
    proxyFor: proxy,
    ...(s.debug ? { debug: s.debug } : {}),
    exactText: s.exactText,
    ...(s.missingToken ? { missingToken: s.missingToken } : {}),
    ...(s.onRetry ? { onRetry: s.onRetry } : {}),
    ...(s.onPause ? { onPause: s.onPause } : {}),
    ...(s.sleep ? { sleep: s.sleep } : {}),
  });
}
