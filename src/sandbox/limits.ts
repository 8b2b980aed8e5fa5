/**
 * Rate limits, pure: sign-in failures in a sliding window per email and client address, and the
 * portal's request quota in a fixed window per caller; with the IETF httpapi ratelimit-headers
 * fields that state them (RateLimit-Policy and RateLimit, Structured Field lists).
 */

export interface LimitDecision {
  allowed: boolean;
  /** Seconds until another attempt is allowed (when not allowed). */
  retryAfterSeconds: number;
}

export class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 60_000,
  ) {}

  private recent(key: string, nowMs: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** May this key try again now? */
  check(key: string, nowMs: number): LimitDecision {
    const list = this.recent(key, nowMs);
    if (list.length < this.maxFailures) return { allowed: true, retryAfterSeconds: 0 };
    const oldest = list[list.length - this.maxFailures]!;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - nowMs) / 1000)) };
  }

  /**
   * Counts an attempt before it is checked, in one synchronous step: parallel requests cannot all
   * pass the check while the first ones are still verifying their password. A success forgets the
   * key (`succeed`); a failure needs nothing more, it was counted here.
   */
  reserve(key: string, nowMs: number): LimitDecision {
    const decision = this.check(key, nowMs);
    if (decision.allowed) this.fail(key, nowMs);
    return decision;
  }

  fail(key: string, nowMs: number): void {
    const list = this.recent(key, nowMs);
    list.push(nowMs);
    this.failures.set(key, list);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  /** Failures left before a 429, and seconds until the oldest counted one leaves the window. */
  state(key: string, nowMs: number): { remaining: number; resetSeconds: number } {
    const list = this.recent(key, nowMs);
    const oldest = list[0];
    return {
      remaining: Math.max(0, this.maxFailures - list.length),
      resetSeconds: oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + this.windowMs - nowMs) / 1000)),
    };
  }

  get policy(): QuotaPolicy {
    return { name: 'sign-in', quota: this.maxFailures, windowSeconds: this.windowMs / 1000 };
  }
}

/** A quota policy as RateLimit-Policy states it: `q` units (requests) per `w` seconds. */
export interface QuotaPolicy {
  name: string;
  quota: number;
  windowSeconds: number;
}

/**
 * The sandbox's published quota: 1,200 requests a minute per caller (a token, else a client
 * address), 20 a second on average — a `case list --all` over 50,000 cases is 500 requests.
 */
export const DEFAULT_REQUEST_POLICY: QuotaPolicy = { name: 'default', quota: 1200, windowSeconds: 60 };

/** Where a caller stands: allowed or not, what is left, seconds until the window starts again. */
export interface QuotaState {
  allowed: boolean;
  remaining: number;
  resetSeconds: number;
}

/** The portal's request quota: `quota` requests per key in a fixed window that starts with the key's first request. */
export class FixedWindow {
  private readonly windows = new Map<string, { startMs: number; used: number }>();

  constructor(readonly policy: QuotaPolicy) {}

  /** Counts one request of `key` and says whether it may be served. */
  take(key: string, nowMs: number): QuotaState {
    const windowMs = this.policy.windowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || nowMs >= w.startMs + windowMs || nowMs < w.startMs) {
      // Callers that went quiet are forgotten now and then: the map holds the active ones.
      if (this.windows.size > 10_000)
        for (const [k, v] of this.windows) if (nowMs >= v.startMs + windowMs) this.windows.delete(k);
      w = { startMs: nowMs, used: 0 };
      this.windows.set(key, w);
    }
    const allowed = w.used < this.policy.quota;
    if (allowed) w.used++;
    return {
      allowed,
      remaining: this.policy.quota - w.used,
      resetSeconds: Math.max(1, Math.ceil((w.startMs + windowMs - nowMs) / 1000)),
    };
  }
}

/** `"default";q=1200;w=60`: an Item of RateLimit-Policy (a String with Integer parameters). */
export const policyItem = (p: QuotaPolicy): string => `"${p.name}";q=${p.quota};w=${p.windowSeconds}`;

/** `"default";r=1187;t=42`: an Item of RateLimit, what is left under a policy and for how long. */
export const limitItem = (p: QuotaPolicy, s: { remaining: number; resetSeconds: number }): string =>
  `"${p.name}";r=${s.remaining};t=${s.resetSeconds}`;
