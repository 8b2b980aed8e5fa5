/**
 * Request bodies the sandbox accepts, as zod schemas (the shapes of schemas/portal-api.yaml's
 * request bodies; test/unit/sandbox-contract.test.ts compares them), and the one way a route reads
 * them: a JSON object, checked, every problem named by field in one 422.
 * Enumerations the client's response schemas already hold (src/portal/schemas.ts) are taken from
 * there, so the two sides cannot drift.
 */
import type { IncomingMessage } from 'node:http';
import * as z from 'zod';
import type { FieldIssue } from '../errors.js';
import { CASE_STATES } from '../portal/schemas.js';
import { invalid, readObject } from './http.js';
import { SANDBOX_LIMITS } from './catalog.js';

export const PASSWORD_MIN = SANDBOX_LIMITS.passwordMinLength;
export const OPEN_STATUSES = ['New', 'In Progress'] as const;
const TEXT_MAX = 32_000;

const missing = (input: unknown): boolean => input === undefined || input === null;

/** A required string: present, text, not blank, at most `max` characters. */
export const text = (key: string, max: number) =>
  z
    .string({ error: (iss) => (missing(iss.input) ? `${key} is required` : `${key} must be a string`) })
    .max(max, { error: (iss) => `${key} is ${String(iss.input).length} characters; the limit is ${max}` })
    .refine((v) => v.trim() !== '', `${key} is empty`);

/** An optional string (absent or null reads as undefined). */
export const optionalText = (key: string, max: number) =>
  z
    .string({ error: `${key} must be a string` })
    .max(max, { error: (iss) => `${key} is ${String(iss.input).length} characters; the limit is ${max}` })
    .nullish()
    .transform((v) => v ?? undefined);

/** An ISO date-time, normalized to UTC with milliseconds. */
const isoTime = (key: string) => {
  const message = `${key} must be a date-time like 2024-07-30T18:27:00Z`;
  return z
    .string({ error: message })
    .regex(/^\d{4}-\d{2}-\d{2}T/, message)
    .refine((v) => !Number.isNaN(Date.parse(v)), message)
    .transform((v) => new Date(v).toISOString());
};
const optionalTime = (key: string) =>
  isoTime(key)
    .nullish()
    .transform((v) => v ?? undefined);

// The kinds the sandbox posts; clients read the set as open (a portal may add one).
const notificationKind = z.enum(['incident', 'maintenance'], {
  error: 'kind must be incident or maintenance',
});
const notificationState = z.enum(CASE_STATES, { error: 'state must be open or closed' });

export const credentialsBody = z.strictObject({ email: text('email', 320), password: text('password', 1024) });
export const emailOnlyBody = z.strictObject({ email: text('email', 320) });
export const tokenAndPasswordBody = z.strictObject({
  token: text('token', 512),
  password: text('password', 1024).refine(
    (v) => v.length >= PASSWORD_MIN,
    `the password must have at least ${PASSWORD_MIN} characters`,
  ),
});
export const commentBody = z.strictObject({ body: text('body', TEXT_MAX) });

const DAYS_RANGE = 'expiresInDays must be a whole number of days from 1 to 365';
export const tokenCreateBody = z.strictObject({
  name: text('name', 100),
  expiresInDays: z.number({ error: DAYS_RANGE }).int(DAYS_RANGE).min(1, DAYS_RANGE).max(365, DAYS_RANGE).optional(),
  scope: z.enum(['read', 'file'], { error: 'scope must be read or file' }).optional(),
});

/** `POST /cases`: the envelope only; the fields are checked with the CLI's own catalog code. */
export const caseCreateBody = z.strictObject({
  caseType: z.unknown(),
  fields: z.record(z.string(), z.unknown(), { error: 'fields must be an object of field key: value' }).nullish(),
  // The guide's acknowledgements travel beside the fields (a portal has no such fields).
  acknowledgements: z
    .record(z.string(), z.unknown(), { error: 'acknowledgements must be an object of key: true/false' })
    .nullish(),
});
export const CASE_UNKNOWN_KEY =
  'not part of a case: send {"caseType": ..., "fields": {...}, "acknowledgements": {...}}';

export const notificationCreateBody = z.strictObject({
  kind: notificationKind,
  title: text('title', 200),
  status: optionalText('status', 80),
  startsAt: optionalTime('startsAt'),
  endsAt: optionalTime('endsAt'),
  postedAt: optionalTime('postedAt'),
  body: optionalText('body', TEXT_MAX),
});

export const notificationPatchBody = z.strictObject({
  title: optionalText('title', 200),
  status: optionalText('status', 80),
  startsAt: optionalTime('startsAt'),
  // null clears the end; absent leaves it.
  endsAt: isoTime('endsAt').nullable().optional(),
  state: notificationState.optional(),
});
export const NOTIFICATION_PATCH_UNKNOWN_KEY = 'not a notification setting: title, status, startsAt, endsAt, state';

export const notificationCloseBody = z.strictObject({
  status: optionalText('status', 80),
  endsAt: optionalTime('endsAt'),
  body: optionalText('body', TEXT_MAX),
});

export const notificationUpdateBody = z.strictObject({
  body: text('body', TEXT_MAX),
  postedAt: optionalTime('postedAt'),
  status: optionalText('status', 80),
});

export const vendorCommentBody = z.strictObject({
  body: text('body', TEXT_MAX),
  status: z
    .enum(OPEN_STATUSES, { error: `status must be one of ${OPEN_STATUSES.join(', ')} (resolve to close a case)` })
    .optional(),
});

export const resolveBody = z.strictObject({ resolution: text('resolution', TEXT_MAX) });

export const closeBody = z.strictObject({ comment: optionalText('comment', TEXT_MAX) });
export const reopenBody = z.strictObject({ comment: text('comment', TEXT_MAX) });
export const CASE_LIFE_UNKNOWN_KEY = 'not part of this request: send comment';
export const escalationBody = z.strictObject({
  note: text('note', TEXT_MAX),
  assignToDevelopment: z.boolean({ error: 'assignToDevelopment must be true or false' }).optional(),
});
const DAYS = 'days must be a whole number of days from 1 to 3650';
export const clockBody = z.strictObject({ days: z.number({ error: DAYS }).int(DAYS).min(1, DAYS).max(3650, DAYS) });

/**
 * Checks a value against a schema; problems as field issues, one per field (the first), with
 * `unknownKey` as the message for members a strict object does not know.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  opts: { unknownKey?: string } = {},
): { ok: true; value: z.output<S> } | { ok: false; issues: FieldIssue[] } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const add = (field: string, message: string): void => {
    if (seen.has(field)) return;
    seen.add(field);
    issues.push({ field, message });
  };
  for (const iss of r.error.issues) {
    // Bodies are flat: a problem inside a member (paths[2]) is the member's problem.
    const at = iss.path.length ? String(iss.path[0]) : '';
    if (iss.code === 'unrecognized_keys')
      for (const k of iss.keys) add(at ? `${at}.${k}` : k, opts.unknownKey ?? 'not part of this request');
    else add(at || 'body', iss.message);
  }
  return { ok: false, issues };
}

/** Reads a JSON object body and checks it: 400 for what is not a JSON object, 422 naming each bad field. */
export async function readBody<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  opts: { optional?: boolean; unknownKey?: string } = {},
): Promise<z.output<S>> {
  const parsed = parseWith(schema, await readObject(req, opts), opts);
  if (!parsed.ok) throw invalid(parsed.issues);
  return parsed.value;
}
