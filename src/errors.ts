/**
 * Typed errors, raised anywhere (domain, portal client, commands) and turned into a message and an
 * exit code in one place: src/cli/run.ts. The exit codes are part of the CLI's contract and are
 * documented in the README; change them only with a major version.
 */

export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  auth: 3,
  permission: 4,
  notFound: 5,
  conflict: 6,
  rateLimited: 7,
  unavailable: 8,
  queued: 9,
  /** `case close` of a closed case, `case reopen` of an open one: nothing to do, nothing changed. */
  unchanged: 13,
  /** The portal (or something in between: a captive portal, a proxy) broke the API contract. */
  badPortalAnswer: 14,
  /**
   * This installation lacks a part the command needs (the sandbox's SQLite on this Node): the
   * message says what and how to install it. Not "try again later": trying again will not help.
   */
  notInstalled: 15,
  interrupted: 130,
} as const;
export type ExitCodeName = keyof typeof ExitCode;
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
  portal: { status: number; code: string } | undefined;

  constructor(message: string, exitCode: ExitCodeValue, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
    this.portal = undefined;
  }
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
  readonly failures: ItemFailure[];
  constructor(summary: string, failures: ItemFailure[], exitCode: ExitCodeValue, hint?: string) {
    super(summary, exitCode, hint);
    this.failures = failures;
  }
}
