/**
 * Fault injection: what the sandbox does to a request before (and after) handling it, so clients
 * are tested against real sockets. Decisions are pure given a random source; the server applies them.
 */
import type { FieldIssue } from '../errors.js';

export interface FaultConfig {
  /** Added delay before each matching request is handled, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of matching requests answered with `errorStatus` without being handled. */
  errorRate: number;
  /** The 5xx status used for injected errors (500, 502, 503 or 504). */
  errorStatus: number;
  /** Share of matching requests whose connection is destroyed without any response, before handling. */
  dropRate: number;
  /** Share of matching requests handled (a case is filed!) whose connection is then destroyed without response. */
  dropAfterRate: number;
  /** Share of matching requests answered 429 with Retry-After. */
  rateLimitRate: number;
  retryAfterSeconds: number;
  /** Path prefixes the faults apply to; empty = every portal and status path (never /sandbox/). */
  paths: string[];
  /** Stop injecting after this many faults (0 = no limit): makes "fail twice, then succeed" exact. */
  limit: number;
}

export interface FaultCounters {
  /** Matching requests seen since the faults were set. */
  matched: number;
  dropped: number;
  droppedAfter: number;
  errors: number;
  rateLimited: number;
  delayed: number;
}

export const NO_FAULTS: FaultConfig = {
  latencyMs: 0,
  errorRate: 0,
  errorStatus: 503,
  dropRate: 0,
  dropAfterRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  paths: [],
  limit: 0,
};

export const zeroCounters = (): FaultCounters => ({ matched: 0, dropped: 0, droppedAfter: 0, errors: 0, rateLimited: 0, delayed: 0 });

export type FaultAction = { kind: 'none' } | { kind: 'drop' } | { kind: 'error'; status: number } | { kind: 'rateLimit'; retryAfterSeconds: number };

export interface FaultPlan {
  latencyMs: number;
  before: FaultAction;
  dropAfter: boolean;
}

const RATES = ['errorRate', 'dropRate', 'dropAfterRate', 'rateLimitRate'] as const;

/** Checks and completes a fault configuration from a request body (unknown keys are refused). */
export function parseFaults(body: Record<string, unknown>): { ok: true; value: FaultConfig } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const out: FaultConfig = { ...NO_FAULTS, paths: [] };
  for (const key of Object.keys(body)) {
    if (!(key in NO_FAULTS)) issues.push({ field: key, message: `unknown fault setting; use ${Object.keys(NO_FAULTS).join(', ')}` });
  }
  for (const key of RATES) {
    const v = body[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) issues.push({ field: key, message: `${key} must be a number from 0 to 1` });
    else out[key] = v;
  }
  const ints: Array<[keyof FaultConfig, number, number]> = [
    ['latencyMs', 0, 600_000],
    ['retryAfterSeconds', 0, 86_400],
    ['limit', 0, 1_000_000],
  ];
  for (const [key, min, max] of ints) {
    const v = body[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) issues.push({ field: key, message: `${key} must be a whole number from ${min} to ${max}` });
    else (out as unknown as Record<string, number>)[key] = v;
  }
  if (body.errorStatus !== undefined) {
    if (![500, 502, 503, 504].includes(body.errorStatus as number)) issues.push({ field: 'errorStatus', message: 'errorStatus must be 500, 502, 503 or 504' });
    else out.errorStatus = body.errorStatus as number;
  }
  if (body.paths !== undefined) {
    if (!Array.isArray(body.paths) || !body.paths.every((p) => typeof p === 'string' && p.startsWith('/'))) {
      issues.push({ field: 'paths', message: 'paths must be a list of path prefixes starting with /' });
    } else out.paths = body.paths as string[];
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: out };
}

export function faultsActive(f: FaultConfig): boolean {
  return f.latencyMs > 0 || RATES.some((k) => f[k] > 0);
}

/** Does the fault configuration apply to this path? Admin paths are never faulted. */
export function faultApplies(f: FaultConfig, path: string): boolean {
  if (path.startsWith('/sandbox/')) return false;
  return f.paths.length === 0 || f.paths.some((p) => path.startsWith(p));
}

/**
 * Decides what happens to one matching request. `injectedSoFar` counts faults already injected
 * (for `limit`); `random` returns numbers in [0, 1).
 */
export function planFault(f: FaultConfig, injectedSoFar: number, random: () => number): FaultPlan {
  const exhausted = f.limit > 0 && injectedSoFar >= f.limit;
  const plan: FaultPlan = { latencyMs: exhausted ? 0 : f.latencyMs, before: { kind: 'none' }, dropAfter: false };
  if (exhausted) return plan;
  if (f.dropRate > 0 && random() < f.dropRate) plan.before = { kind: 'drop' };
  else if (f.rateLimitRate > 0 && random() < f.rateLimitRate) plan.before = { kind: 'rateLimit', retryAfterSeconds: f.retryAfterSeconds };
  else if (f.errorRate > 0 && random() < f.errorRate) plan.before = { kind: 'error', status: f.errorStatus };
  else if (f.dropAfterRate > 0 && random() < f.dropAfterRate) plan.dropAfter = true;
  return plan;
}
