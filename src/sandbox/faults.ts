/**
 * Fault injection: what the sandbox does to a request before (and after) handling it, so clients
 * are tested against real sockets. Decisions are pure given a random source; the server applies them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import type { FieldIssue } from '../errors.js';
import { parseWith } from './bodies.js';
import { HttpError } from './http.js';

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

export const zeroCounters = (): FaultCounters => ({
  matched: 0,
  dropped: 0,
  droppedAfter: 0,
  errors: 0,
  rateLimited: 0,
  delayed: 0,
});

export type FaultAction =
  | { kind: 'none' }
  | { kind: 'drop' }
  | { kind: 'error'; status: number }
  | { kind: 'rateLimit'; retryAfterSeconds: number };

export interface FaultPlan {
  latencyMs: number;
  before: FaultAction;
  dropAfter: boolean;
}

const RATES = ['errorRate', 'dropRate', 'dropAfterRate', 'rateLimitRate'] as const;

const rate = (key: string) =>
  z
    .number({ error: `${key} must be a number from 0 to 1` })
    .min(0, `${key} must be a number from 0 to 1`)
    .max(1, `${key} must be a number from 0 to 1`);
const whole = (key: string, min: number, max: number) => {
  const message = `${key} must be a whole number from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
};

const PATHS_MESSAGE = 'paths must be a list of path prefixes starting with /';

/** `PUT /sandbox/v1/faults`: every setting optional, unknown ones refused. */
export const faultsBody = z.strictObject({
  latencyMs: whole('latencyMs', 0, 600_000).optional(),
  errorRate: rate('errorRate').optional(),
  errorStatus: z
    .union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)], {
      error: 'errorStatus must be 500, 502, 503 or 504',
    })
    .optional(),
  dropRate: rate('dropRate').optional(),
  dropAfterRate: rate('dropAfterRate').optional(),
  rateLimitRate: rate('rateLimitRate').optional(),
  retryAfterSeconds: whole('retryAfterSeconds', 0, 86_400).optional(),
  paths: z
    .array(z.string(), { error: PATHS_MESSAGE })
    .refine((list) => list.every((p) => p.startsWith('/')), PATHS_MESSAGE)
    .optional(),
  limit: whole('limit', 0, 1_000_000).optional(),
});

/** Checks and completes a fault configuration from a request body (unknown keys are refused). */
export function parseFaults(
  body: Record<string, unknown>,
): { ok: true; value: FaultConfig } | { ok: false; issues: FieldIssue[] } {
  const parsed = parseWith(faultsBody, body, {
    unknownKey: `unknown fault setting; use ${Object.keys(NO_FAULTS).join(', ')}`,
  });
  if (!parsed.ok) return parsed;
  const given = Object.fromEntries(Object.entries(parsed.value).filter(([, v]) => v !== undefined));
  return { ok: true, value: { ...NO_FAULTS, paths: [], ...given } };
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
  else if (f.rateLimitRate > 0 && random() < f.rateLimitRate)
    plan.before = { kind: 'rateLimit', retryAfterSeconds: f.retryAfterSeconds };
  else if (f.errorRate > 0 && random() < f.errorRate) plan.before = { kind: 'error', status: f.errorStatus };
  else if (f.dropAfterRate > 0 && random() < f.dropAfterRate) plan.dropAfter = true;
  return plan;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The faults set on one running sandbox, what they did so far, and their application to requests. */
export class FaultInjector {
  private config: FaultConfig = { ...NO_FAULTS };
  private counters: FaultCounters = zeroCounters();
  private injected = 0;

  constructor(private readonly random: () => number) {}

  state(): { faults: FaultConfig; counters: FaultCounters } {
    return { faults: this.config, counters: this.counters };
  }

  set(config: FaultConfig): void {
    this.config = config;
    this.counters = zeroCounters();
    this.injected = 0;
  }

  clear(): void {
    this.set({ ...NO_FAULTS });
  }

  /**
   * Applies the faults to one request: delays it, answers it (by throwing the HttpError to send),
   * drops it (true: nothing more to do), or lets it through, possibly losing its answer afterwards.
   */
  async apply(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const f = this.config;
    if (!faultsActive(f) || !faultApplies(f, path)) return false;
    const counters = this.counters;
    counters.matched++;
    const plan = planFault(f, this.injected, this.random);
    if (plan.latencyMs > 0 || plan.before.kind !== 'none' || plan.dropAfter) this.injected++;
    if (plan.latencyMs > 0) {
      counters.delayed++;
      await sleep(plan.latencyMs);
    }
    switch (plan.before.kind) {
      case 'drop':
        counters.dropped++;
        req.socket.destroy();
        return true;
      case 'rateLimit':
        counters.rateLimited++;
        throw new HttpError(
          429,
          'rate_limited',
          `Too many requests (injected by the sandbox). Retry after ${plan.before.retryAfterSeconds} s.`,
          undefined,
          {
            'Retry-After': String(plan.before.retryAfterSeconds),
          },
        );
      case 'error':
        counters.errors++;
        throw new HttpError(
          plan.before.status,
          plan.before.status === 500 ? 'internal' : 'unavailable',
          `The portal is unavailable (fault injected by the sandbox: ${plan.before.status}).`,
        );
      case 'none':
        break;
    }
    if (plan.dropAfter) {
      counters.droppedAfter++;
      // Handle the request for real, then lose the answer: the client cannot know it succeeded.
      res.writeHead = (() => res) as unknown as typeof res.writeHead;
      res.write = (() => true) as unknown as typeof res.write;
      res.end = (() => {
        req.socket.destroy();
        return res;
      }) as unknown as typeof res.end;
    }
    return false;
  }
}
