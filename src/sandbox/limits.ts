/** Login rate limiting: a sliding window of failures per key (email + client address). Pure. */

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
}
