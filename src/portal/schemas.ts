/**
 * The portal API contract (docs/portal-api.md, schemas/portal-api.yaml) as zod schemas: every
 * response is parsed with one of these, so an unexpected shape is a clear error, not a crash later.
 * Objects are not strict: a newer portal may add fields, which the CLI ignores.
 *
 * Each schema is built the first time it is asked for (`caseSchema()`), not when this module
 * loads: building a zod schema is far dearer than using one, and a command answers one or two
 * endpoints (all of them built at load took ~20 ms of every portal command's start).
 */
import { z } from '../domain/zod.js';
import { FIELD_KINDS } from '../domain/catalog/types.js';

/** A schema built on first use, then kept. */
function lazy<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

export const apiErrorSchema = lazy(() => z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
}));
export type ApiError = z.infer<ReturnType<typeof apiErrorSchema>>['error'];

export const ROLES = ['Authorized', 'Technical', 'Read Only'] as const;
export const contactSchema = lazy(() => z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(ROLES) }));
export type Contact = z.infer<ReturnType<typeof contactSchema>>;
export const districtSchema = lazy(() => z.object({ id: z.string(), name: z.string() }));
export type District = z.infer<ReturnType<typeof districtSchema>>;
const personRef = lazy(() => z.object({ id: z.string(), name: z.string() }));

export const sessionSchema = lazy(() => z.object({ token: z.string().min(1), expiresAt: z.string(), contact: contactSchema() }));
export type Session = z.infer<ReturnType<typeof sessionSchema>>;

export const activationConfirmSchema = lazy(() => z.object({ contact: contactSchema() }));

/** What the contact may do in a district; the portal decides (the guide fixes only who submits). */
export const permissionsSchema = lazy(() => z.object({ submit: z.boolean(), comment: z.boolean(), attach: z.boolean(), close: z.boolean().optional(), reopen: z.boolean().optional() }));
export type Permissions = z.infer<ReturnType<typeof permissionsSchema>>;
export const meDistrictSchema = lazy(() => districtSchema().extend({ permissions: permissionsSchema().optional() }));
export type MeDistrict = z.infer<ReturnType<typeof meDistrictSchema>>;
export const meSchema = lazy(() => z.object({
  contact: contactSchema(),
  districts: z.array(meDistrictSchema()),
  /** The district assigned to the user: the default Account. Absent or null: the portal does not say. */
  homeDistrictId: z.string().nullable().optional(),
  /** The version of the portal's catalog; a different one than cached means refresh. */
  catalogVersion: z.string().optional(),
  token: z.object({ expiresAt: z.string() }),
}));
export type Me = z.infer<ReturnType<typeof meSchema>>;

export const contactsSchema = lazy(() => z.object({ contacts: z.array(contactSchema()) }));

export const picklistsSchema = lazy(() => z.object({
  catalogVersion: z.union([z.string(), z.number()]),
  picklists: z.object({
    module: z.array(z.string()),
    type: z.record(z.string(), z.array(z.string())),
    requestType: z.record(z.string(), z.array(z.string())),
  }),
}));
export type Picklists = z.infer<ReturnType<typeof picklistsSchema>>;

// GET /api/v1/catalog: the compiled catalog's shape (schemas/catalog.json). Bounded: a portal's
// answer is outside input. A field kind this client does not know is read as text.
const text = (max: number) => z.string().max(max);
const portalFieldSchema = lazy(() => z.object({
  key: text(64).regex(/^[A-Za-z][A-Za-z0-9]*$/),
  label: text(200),
  kind: z.enum(FIELD_KINDS).catch('text'),
  help: text(4000),
  required: z.boolean(),
  default: text(500).optional(),
  defaultFrom: z.enum(['user-district', 'user']).optional().catch(undefined),
  choices: z.array(text(200)).max(2000).optional(),
  picklist: text(64).optional(),
  maxLength: z.number().int().positive().optional(),
  maxItems: z.number().int().positive().max(100).optional(),
  origin: z.enum(['guide', 'rule']).optional().catch(undefined),
  statement: text(2000).optional(),
}));
const portalRuleSchema = lazy(() => z.object({ id: text(100), check: text(100), params: z.record(z.string(), z.unknown()), message: text(2000), types: z.array(text(100)).max(100).optional() }));
const GUIDANCE_NAMES = ['notifications', 'steps-and-expected-results', 'retention-window'] as const;
const portalTypeSchema = lazy(() => z.object({
  id: text(100).regex(/^[a-z][a-z0-9-]*$/),
  label: text(200),
  description: text(4000),
  examples: z.array(text(500)).max(50).default([]),
  guidance: z
    .array(z.string())
    .max(20)
    .default([])
    .transform((g) => g.filter((x): x is (typeof GUIDANCE_NAMES)[number] => (GUIDANCE_NAMES as readonly string[]).includes(x))),
  fields: z.array(portalFieldSchema()).min(1).max(200),
  rules: z.array(portalRuleSchema()).max(200).default([]),
}));
export const portalCatalogSchema = lazy(() => z.object({
  catalogVersion: z.union([z.string(), z.number()]).transform(String),
  types: z.array(portalTypeSchema()).min(1).max(100),
  limits: z
    .object({ attachmentMaxBytes: z.number().int().positive().optional(), attachmentsPerCase: z.number().int().positive().optional(), passwordMinLength: z.number().int().positive().optional() })
    .optional(),
}));
export type PortalCatalogAnswer = z.infer<ReturnType<typeof portalCatalogSchema>>;

export const CASE_STATES = ['open', 'closed'] as const;
export const caseSummarySchema = lazy(() => z.object({
  number: z.string().regex(/^\d{8}$/),
  caseType: z.string(),
  status: z.string(),
  state: z.enum(CASE_STATES),
  priority: z.string(),
  subject: z.string(),
  account: districtSchema(),
  lastModifiedAt: z.string(),
}));
export type CaseSummary = z.infer<ReturnType<typeof caseSummarySchema>>;

export const caseSchema = lazy(() => caseSummarySchema().extend({
  id: z.string(),
  contact: personRef(),
  fields: z.record(z.string(), z.unknown()),
  resolution: z.string().nullable(),
  createdAt: z.string(),
  createdBy: personRef(),
  lastModifiedBy: personRef(),
  closedAt: z.string().nullable(),
  url: z.string(),
  // The case process (issue 14). Optional: a portal that predates it still speaks the contract.
  closedBy: personRef().nullable().optional(),
  /** The last day (YYYY-MM-DD) a closed case can be reopened, by the portal's calendar. */
  reopenableUntil: z.string().nullable().optional(),
  /** While Pending: when the resolution was posted and when Support followed up (3x10). */
  followUp: z.object({ resolutionPostedOn: z.string(), followUps: z.array(z.string()) }).nullable().optional(),
}));
export type PortalCase = z.infer<ReturnType<typeof caseSchema>>;

export const caseListSchema = lazy(() => z.object({ cases: z.array(caseSummarySchema()), nextCursor: z.string().nullable() }));
export type CaseList = z.infer<ReturnType<typeof caseListSchema>>;

/** `kind`: comment, escalation, resolution or follow-up; a kind the client does not know is shown as named. */
export const commentSchema = lazy(() => z.object({ id: z.string(), body: z.string(), author: personRef(), fromVendor: z.boolean(), createdAt: z.string(), kind: z.string().optional() }));
export type Comment = z.infer<ReturnType<typeof commentSchema>>;
export const commentsSchema = lazy(() => z.object({ comments: z.array(commentSchema()) }));

/** `POST /cases/{number}/close` and `/reopen`: the case after, whether this request changed it, its status before. */
export const caseChangeSchema = lazy(() => z.object({ case: caseSchema(), changed: z.boolean(), previousStatus: z.string() }));
export type CaseChange = z.infer<ReturnType<typeof caseChangeSchema>>;

/** `GET /case-process`: the portal's statuses and the numbers of its case process. */
export const caseProcessSchema = lazy(() => z.object({
  statuses: z.array(z.object({ name: z.string(), state: z.enum(['open', 'closed']), waitingOnContact: z.boolean() })),
  reopenWindowDays: z.number().int().nonnegative(),
  pendingBusinessDays: z.number().int().nonnegative(),
  pendingFollowUps: z.number().int().nonnegative(),
  supportPhone: z.string().nullable(),
}));
export type CaseProcess = z.infer<ReturnType<typeof caseProcessSchema>>;

export const attachmentSchema = lazy(() => z.object({ id: z.string(), filename: z.string(), size: z.number().int().nonnegative(), contentType: z.string(), createdAt: z.string(), createdBy: personRef() }));
export type Attachment = z.infer<ReturnType<typeof attachmentSchema>>;
export const attachmentsSchema = lazy(() => z.object({ attachments: z.array(attachmentSchema()) }));

export const notificationSchema = lazy(() => z.object({
  id: z.string(),
  kind: z.enum(['incident', 'maintenance']),
  title: z.string(),
  status: z.string(),
  state: z.enum(CASE_STATES),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  postedAt: z.string(),
  updates: z.array(z.object({ id: z.string(), postedAt: z.string(), body: z.string() })),
}));
export type Notification = z.infer<ReturnType<typeof notificationSchema>>;
export const notificationsSchema = lazy(() => z.object({
  banner: z.object({ color: z.enum(['orange', 'green', 'gray']), text: z.string(), openIncidents: z.number().int(), openMaintenance: z.number().int() }),
  notifications: z.array(notificationSchema()),
}));
export type Notifications = z.infer<ReturnType<typeof notificationsSchema>>;

/** `POST /cases` body: the catalog's case shape, attachments aside. */
export interface CreateCaseBody {
  caseType: string;
  fields: Record<string, unknown>;
  /** The guide's acknowledgements (not portal fields); their statements are also in the description. */
  acknowledgements?: Record<string, boolean>;
}
