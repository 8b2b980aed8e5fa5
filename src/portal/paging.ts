/**
 * Following `nextCursor` safely. A portal that hands back a cursor it gave before, or pages of
 * nothing, would otherwise be asked again forever (measured: 254,000 requests a minute). The
 * contract gives no total, so the bound is what the caller can need: `limit` items (each page
 * must bring at least one), or MAX_PAGES for "all".
 */
import { BadAnswerError } from '../errors.js';

/** 1,000,000 cases at 100 a page: more than any district has. */
export const MAX_PAGES = 10_000;
/** Empty pages in a row that still point further. */
const MAX_EMPTY_IN_A_ROW = 3;

export class CursorGuard {
  readonly #seen = new Set<string>();
  readonly #what: string;
  readonly #maxPages: number;
  readonly #forAll: boolean;
  #pages = 0;
  #empty = 0;

  /** `what`: "listing cases"; `limit`: the items wanted (Infinity for all). */
  constructor(what: string, limit = Infinity) {
    this.#what = what;
    this.#forAll = !Number.isFinite(limit);
    // Each page must bring one item at least, give or take a few empty ones.
    this.#maxPages = Number.isFinite(limit) ? Math.min(MAX_PAGES, Math.max(1, limit) + MAX_EMPTY_IN_A_ROW) : MAX_PAGES;
  }

  /** Checks a page before its `nextCursor` is followed; throws rather than page forever. */
  next(cursor: string, itemsOnPage: number): string {
    this.#pages++;
    this.#empty = itemsOnPage === 0 ? this.#empty + 1 : 0;
    const stop = (why: string): never => {
      throw new BadAnswerError(
        `Stopped ${this.#what} after ${this.#pages} page${this.#pages === 1 ? '' : 's'}: ${why}.`,
        'The portal is paging wrongly; try again later, and report it if it goes on.',
      );
    };
    if (this.#seen.has(cursor)) stop('the portal gave a page cursor it had given before, which would page forever');
    if (this.#empty >= MAX_EMPTY_IN_A_ROW) stop(`${this.#empty} empty pages in a row still pointed to more`);
    if (this.#pages >= this.#maxPages)
      stop(`more pages than ${this.#forAll ? 'any listing needs' : 'the cases asked for could take'}`);
    this.#seen.add(cursor);
    return cursor;
  }
}
