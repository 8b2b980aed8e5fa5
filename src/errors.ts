/**
 * Typed errors, raised anywhere (domain, portal client, commands) and turned into a message and an
 * exit code in one place: src/cli/run.ts. The exit codes are part of the CLI's contract and are
 * documented in the README; change them only with a major version.
 */

/**
 * Every exit code with its meaning in one line: the one table. `ExitCode` (below) names the codes
 * for the code; the root help's list is written from it (src/cli/help.ts `exitCodesHelp`); the
 * README's table and the exit codes that commands' help texts cite are checked against it
 * (test/unit/exit-codes.test.ts). A README row starts with the meaning given here.
 */
export const EXIT_CODES = {
  ok: { code: 0, meaning: 'success' },
  internal: { code: 1, meaning: 'internal error' },
  usage: { code: 2, meaning: 'usage or validation error' },
  auth: { code: 3, meaning: 'sign-in needed' },
  permission: { code: 4, meaning: 'permission denied' },
  notFound: { code: 5, meaning: 'not found' },
  conflict: { code: 6, meaning: 'conflict' },
  rateLimited: { code: 7, meaning: 'rate limited by the portal' },
  unavailable: { code: 8, meaning: 'the portal (or the Notifications page) is unavailable' },
  /** Not a failure: the case waits in the outbox. */
  queued: { code: 9, meaning: 'queued in the outbox' },
  /** `case watch`: the events were printed. */
  changesFound: { code: 10, meaning: 'case watch: something changed' },
  /** `notifications --check`, as a monitoring plugin's WARNING and CRITICAL. */
  maintenanceOpen: {
    code: 11,
    meaning: 'notifications --check: maintenance in progress or starting within --warn-before (WARNING)',
  },
  incidentOpen: { code: 12, meaning: 'notifications --check: an incident is in progress (CRITICAL)' },
  /** Nothing to do, so scripts can run these again. */
  unchanged: {
    code: 13,
    meaning: 'case close of a closed case, case reopen of an open one: nothing to do, nothing changed',
  },
  /** The portal (or something in between: a captive portal, a proxy) broke the API contract. */
  badPortalAnswer: { code: 14, meaning: "the portal's answer broke the API contract" },
  /**
   * This installation lacks a part the command needs (the sandbox's SQLite on this Node): the
   * message says what and how to install it. Not "try again later": trying again will not help.
   */
  notInstalled: { code: 15, meaning: 'not installed: this installation lacks a part the command needs' },
  /** The user chose Cancel at the form: nothing was filed; not success, as gh exits after a cancel. */
  canceled: { code: 16, meaning: 'canceled at the prompt: nothing was filed' },
  interrupted: { code: 130, meaning: 'interrupted (Ctrl-C)' },
} as const satisfies Record<string, { code: number; meaning: string }>;

export type ExitCodeName = keyof typeof EXIT_CODES;
/** The codes by name: `ExitCode.usage` is 2. */
export const ExitCode = Object.fromEntries(Object.entries(EXIT_CODES).map(([name, e]) => [name, e.code])) as {
  readonly [K in ExitCodeName]: (typeof EXIT_CODES)[K]['code'];
};
export type ExitCodeValue = (typeof ExitCode)[ExitCodeName];

/** One problem with one field: `field` is a path such as `subject` or `areaOfResponsibility[1]`. */
export interface FieldIssue {
  field: string;
  message: string;
}

export class CliError extends Error {
  readonly exitCode: ExitCodeValue;
  /** A line that tells the user how to fix it, printed after the message. */
  readonly hint: string | undefined;
  /** Set when the error came from a portal answer: its HTTP status and API error code. */
  readonly portal: PortalProblem | undefined;

  constructor(message: string, exitCode: ExitCodeValue, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
    this.portal = undefined;
  }

  /** The same error (class, message, stack, every field) with another hint. */
  withHint(hint: string | undefined): this {
    return this.copyWith({ hint });
  }

  /** The same error, marked as the portal's answer `portal`. */
  withPortal(portal: PortalProblem | undefined): this {
    return this.copyWith({ portal });
  }

  /**
   * Errors are never changed once thrown: a caller that knows more makes a copy. The classes'
   * constructors take different arguments, so the copy is made without them: an Error of this
   * class (Reflect.construct gives it the class's prototype) with this one's own properties.
   */
  private copyWith(changes: { hint?: string | undefined; portal?: PortalProblem | undefined }): this {
    const copy = Reflect.construct(Error, [this.message], this.constructor) as this;
    for (const key of Reflect.ownKeys(this))
      Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(this, key) as PropertyDescriptor);
    for (const [key, value] of Object.entries(changes))
      Object.defineProperty(copy, key, { value, writable: false, enumerable: true, configurable: true });
    return copy;
  }
}

/** A portal's error answer: its HTTP status and the API's error code. */
export interface PortalProblem {
  readonly status: number;
  readonly code: string;
}

/** Wrong flags or arguments. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/** Input that does not satisfy the catalog: every problem is listed, by field. */
export class ValidationError extends CliError {
  readonly issues: FieldIssue[];
  /** Where the input came from (a file name, "line 3 of batch.ndjson"), for the heading. */
  readonly source: string | undefined;

  constructor(issues: FieldIssue[], source?: string, hint?: string) {
    const where = source ? ` in ${source}` : '';
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'}${where}`, ExitCode.usage, hint);
    this.issues = issues;
    this.source = source;
  }
}

export class AuthError extends CliError {
  constructor(message: string, hint = 'Sign in with: ic-support login') {
    super(message, ExitCode.auth, hint);
  }
}

export class PermissionError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.permission, hint);
  }
}

export class NotFoundError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.notFound, hint);
  }
}

export class ConflictError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.conflict, hint);
  }
}

export class RateLimitError extends CliError {
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, retryAfterSeconds?: number) {
    super(message, ExitCode.rateLimited, retryAfterSeconds ? `Try again in ${retryAfterSeconds} s.` : undefined);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The portal could not be reached or kept failing (network errors, 5xx, timeouts). */
export class UnavailableError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.unavailable, hint);
  }
}

/**
 * An answer that breaks the API contract: an HTML page where JSON was due (a Wi-Fi sign-in page,
 * a proxy's error page), JSON of the wrong shape, an answer over its size limit, a download longer
 * than listed, a cursor that pages forever. The portal's fault, or something in between; not ours.
 */
export class BadAnswerError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.badPortalAnswer, hint);
  }
}

/** Not a failure: the case waits in the outbox and will be sent by `ic-support outbox send`. */
export class QueuedNotice extends CliError {
  constructor(message: string, hint = 'Send it later with: ic-support outbox send') {
    super(message, ExitCode.queued, hint);
  }
}

/** The user pressed Ctrl-C; whatever they typed has been kept (the message says where). */
export class InterruptedError extends CliError {
  constructor(message = 'Interrupted.', hint?: string) {
    super(message, ExitCode.interrupted, hint);
  }
}

/** A catalog, config or state file that is not what it should be: names the file and the repair. */
export class FileProblemError extends CliError {
  readonly file: string;
  constructor(file: string, message: string, hint?: string, exitCode: ExitCodeValue = ExitCode.usage) {
    super(`${file}: ${message}`, exitCode, hint);
    this.file = file;
  }
}

/** One item of a run over many (a file, an attachment, an outbox entry, a batch line) that failed. */
export interface ItemFailure {
  /** What failed: a path, an entry id, "line 3". */
  item: string;
  message: string;
  hint?: string | undefined;
}

/**
 * A run over many items where some failed and the rest went through (attach, download, outbox
 * send, --batch). Commands collect the failures and throw this once at the end; src/cli/run.ts
 * prints each failure, then the summary, so no command prints "error:" itself.
 */
export class PartialFailureError extends CliError {
  readonly failures: readonly ItemFailure[];
  constructor(summary: string, failures: readonly ItemFailure[], exitCode: ExitCodeValue, hint?: string) {
    super(summary, exitCode, hint);
    this.failures = failures;
  }
}
