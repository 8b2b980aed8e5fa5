/**
 * The sandbox clock: real time plus an offset that the vendor side can move forward (POST
 * /sandbox/v1/clock), so the 3x10 auto-close and the 60-day reopen window can be rehearsed without
 * waiting. Everything in the sandbox reads this one clock (tokens expire by it too). The offset is
 * kept in the database, so a restarted sandbox keeps its date.
 */
import type { Store } from './store.js';

const DAY_MS = 86_400_000;
const META_KEY = 'clockOffsetMs';

export class SandboxClock {
  readonly #base: () => Date;
  readonly #store: Store;
  #offsetMs: number;

  constructor(base: () => Date, store: Store) {
    this.#base = base;
    this.#store = store;
    const saved = Number(store.getMeta(META_KEY) ?? '0');
    this.#offsetMs = Number.isFinite(saved) ? saved : 0;
  }

  now(): Date {
    return new Date(this.#base().getTime() + this.#offsetMs);
  }

  /** The sandbox's business date (its calendar is UTC). */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  get offsetDays(): number {
    return this.#offsetMs / DAY_MS;
  }

  advanceDays(days: number): void {
    this.#offsetMs += days * DAY_MS;
    this.#store.setMeta(META_KEY, String(this.#offsetMs));
  }
}
