/**
 * The portal API contract (docs/portal-api.md, schemas/portal-api.yaml) as zod schemas: every
 * response is parsed with one of these, so an unexpected shape is a clear error, not a crash later.
 * Objects are not strict: a newer portal may add fields, which the CLI ignores.
 *
 * Written with zod/mini's functions (zod's tree-shakable API; the same checks, the same parser),
 * imported by name: the bundle then holds only the parts of zod these use, ~30 KB against the
 * ~290 KB of zod's classic API, which a command that only reads (`case list`, `whoami`,
 * `notifications --check`) no longer loads: ~10 ms of its start (docs/performance.md).
 *
 * Each schema is built the first time it is asked for (`caseSchema()`), not when this module
 * loads: building a zod schema is far dearer than using one, and a command answers one or two
 * endpoints (all of them built at load took ~20 ms of every portal command's start).
 */
import '../domain/zod.js';
import {
  array,
  boolean,
  enum as oneOf,
  extend,
  int,
  maxLength,
  maximum,
  minLength,
  nonnegative,
  nullable,
  number,
  object,
  optional,
  positive,
  record,
  regex,
  string,
  union,
  unknown,
} from 'zod/mini';
import type * as z from 'zod/mini';

/** A schema built on first use, then kept. */
function lazy<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/**
 * An error answer: RFC 9457 problem details (application/problem+json). Read leniently: each member
 * may be missing, and what is there fills the message (detail, else title) and picks the error
 * (code, else the status).
 */
export const apiErrorSchema = lazy(() =>
  object({
    type: optional(string()),
    title: optional(string()),
    status: optional(number()),
    detail: optional(string()),
    code: optional(string()),
    requestId: optional(string()),
    fields: optional(array(object({ field: string(), message: string() }))),
  }),
);
export type ApiProblem = z.infer<ReturnType<typeof apiErrorSchema>>;

/**
 * The contract's open sets (issue 29 §2): a portal may add a role, a notification kind or a banner
 * color without a new version, so they are read as text and shown as the portal names them;
 * these are the values the client knows what to do with.
 */
export const ROLES = ['Authorized', 'Technical', 'Read Only'] as const;
export const contactSchema = lazy(() => object({ id: string(), name: string(), email: string(), role: string() }));
export type Contact = z.infer<ReturnType<typeof contactSchema>>;
export const districtSchema = lazy(() => object({ id: string(), name: string() }));
export type District = z.infer<ReturnType<typeof districtSchema>>;
const personRef = lazy(() => object({ id: string(), name: string() }));

export const sessionSchema = lazy(() =>
  object({ token: string().check(minLength(1)), expiresAt: string(), contact: contactSchema() }),
);
export type Session = z.infer<ReturnType<typeof sessionSchema>>;

export const activationConfirmSchema = lazy(() => object({ contact: contactSchema() }));

/** What the contact may do in a district; the portal decides (the guide fixes only who submits). */
export const permissionsSchema = lazy(() =>
  object({
    submit: boolean(),
    comment: boolean(),
    attach: boolean(),
    close: optional(boolean()),
    reopen: optional(boolean()),
  }),
);
export type Permissions = z.infer<ReturnType<typeof permissionsSchema>>;
export const meDistrictSchema = lazy(() => extend(districtSchema(), { permissions: optional(permissionsSchema()) }));
export type MeDistrict = z.infer<ReturnType<typeof meDistrictSchema>>;
export const meSchema = lazy(() =>
  object({
    contact: contactSchema(),
    districts: array(meDistrictSchema()),
    /** The district assigned to the user: the default Account. Absent or null: the portal does not say. */
    homeDistrictId: optional(nullable(string())),
    /** The version of the portal's catalog; a different one than cached means refresh. */
    catalogVersion: optional(string()),
    token: object({ expiresAt: string() }),
  }),
);
export type Me = z.infer<ReturnType<typeof meSchema>>;

/** A district's contact as its list gives it: whether they activated their account, when the portal says. */
export const districtContactSchema = lazy(() => extend(contactSchema(), { activated: optional(boolean()) }));
export type DistrictContact = z.infer<ReturnType<typeof districtContactSchema>>;
export const contactsSchema = lazy(() => object({ contacts: array(districtContactSchema()) }));

export const picklistsSchema = lazy(() =>
  object({
    catalogVersion: union([string(), number()]),
    picklists: object({
      module: array(string()),
      type: record(string(), array(string())),
      requestType: record(string(), array(string())),
    }),
  }),
);
export type Picklists = z.infer<ReturnType<typeof picklistsSchema>>;

// GET /api/v1/catalog: the compiled catalog's shape (schemas/catalog.json). Bounded: a portal's
// answer is outside input. Lenient where a newer portal may say more than this client knows: a
// field kind it does not know is read as text, an unknown `defaultFrom` or `origin` or guidance
// name is dropped, absent lists are empty. That leniency is normalizePortalCatalog's, after the
// parse (./catalog-answer.ts), and not the schema's (a catch, a default, a transform): zod then compiles the schema at
// build time like every other (src/portal/parse-answer.ts), so reading the cached catalog needs
// neither zod's runtime nor a digest of the file.
const text = (max: number) => string().check(maxLength(max));
/** A positive whole number. */
const count = () => int().check(positive());
const portalFieldSchema = lazy(() =>
  object({
    key: text(64).check(regex(/^[A-Za-z][A-Za-z0-9]*$/)),
    label: text(200),
    kind: unknown(),
    help: text(4000),
    required: boolean(),
    default: optional(text(500)),
    defaultFrom: optional(unknown()),
    choices: optional(array(text(200)).check(maxLength(2000))),
    picklist: optional(text(64)),
    maxLength: optional(count()),
    maxItems: optional(count().check(maximum(100))),
    origin: optional(unknown()),
    statement: optional(text(2000)),
  }),
);
const portalRuleSchema = lazy(() =>
  object({
    id: text(100),
    check: text(100),
    params: record(string(), unknown()),
    message: text(2000),
    types: optional(array(text(100)).check(maxLength(100))),
  }),
);
const portalTypeSchema = lazy(() =>
  object({
    id: text(100).check(regex(/^[a-z][a-z0-9-]*$/)),
    label: text(200),
    description: text(4000),
    examples: optional(array(text(500)).check(maxLength(50))),
    guidance: optional(array(string()).check(maxLength(20))),
    fields: array(portalFieldSchema()).check(minLength(1), maxLength(200)),
    rules: optional(array(portalRuleSchema()).check(maxLength(200))),
  }),
);
export const portalCatalogSchema = lazy(() =>
  object({
    catalogVersion: union([string(), number()]),
    types: array(portalTypeSchema()).check(minLength(1), maxLength(100)),
    limits: optional(
      object({
        attachmentMaxBytes: optional(count()),
        attachmentsPerCase: optional(count()),
        passwordMinLength: optional(count()),
      }),
    ),
  }),
);
/** As parsed; what the client reads is normalizePortalCatalog's (./catalog-answer.ts). */
export type PortalCatalogParsed = z.infer<ReturnType<typeof portalCatalogSchema>>;

/**
 * Not an answer: what the CLI keeps of the catalog and picklists answers, per portal
 * (src/state/catalog-cache.ts), read back through the same compiled parsers.
 */
export const catalogCacheEntrySchema = lazy(() =>
  object({
    portalUrl: string(),
    fetchedAt: string(),
    version: string(),
    etag: optional(string()),
    catalog: optional(portalCatalogSchema()),
    picklists: optional(picklistsSchema().shape.picklists),
  }),
);

export const CASE_STATES = ['open', 'closed'] as const;
export const caseSummarySchema = lazy(() =>
  object({
    number: string().check(regex(/^\d{8}$/)),
    caseType: string(),
    status: string(),
    state: oneOf(CASE_STATES),
    priority: string(),
    subject: string(),
    account: districtSchema(),
    lastModifiedAt: string(),
    /** Whom the case is for (cases may be filed for others). Optional: an older portal's list omits it. */
    contact: optional(personRef()),
  }),
);
export type CaseSummary = z.infer<ReturnType<typeof caseSummarySchema>>;

export const caseSchema = lazy(() =>
  extend(caseSummarySchema(), {
    id: string(),
    contact: personRef(),
    fields: record(string(), unknown()),
    resolution: nullable(string()),
    createdAt: string(),
    createdBy: personRef(),
    lastModifiedBy: personRef(),
    closedAt: nullable(string()),
    url: string(),
    // The case process (issue 14). Optional: a portal that predates it still speaks the contract.
    closedBy: optional(nullable(personRef())),
    /** The last day (YYYY-MM-DD) a closed case can be reopened, by the portal's calendar. */
    reopenableUntil: optional(nullable(string())),
    /** While Pending: when the resolution was posted and when Support followed up (3x10). */
    followUp: optional(nullable(object({ resolutionPostedOn: string(), followUps: array(string()) }))),
    /** The case's owner at Infinite Campus (the assigned advisor), when the portal names one. */
    owner: optional(nullable(personRef())),
  }),
);
export type PortalCase = z.infer<ReturnType<typeof caseSchema>>;

export const caseListSchema = lazy(() => object({ cases: array(caseSummarySchema()), nextCursor: nullable(string()) }));
export type CaseList = z.infer<ReturnType<typeof caseListSchema>>;

/** `kind`: comment, escalation, resolution or follow-up; a kind the client does not know is shown as named. */
export const commentSchema = lazy(() =>
  object({
    id: string(),
    body: string(),
    author: personRef(),
    fromVendor: boolean(),
    createdAt: string(),
    kind: optional(string()),
  }),
);
export type Comment = z.infer<ReturnType<typeof commentSchema>>;
export const commentsSchema = lazy(() => object({ comments: array(commentSchema()) }));

/** `POST /cases/{number}/close` and `/reopen`: the case after, whether this request changed it, its status before. */
export const caseChangeSchema = lazy(() =>
  object({ case: caseSchema(), changed: boolean(), previousStatus: string() }),
);
export type CaseChange = z.infer<ReturnType<typeof caseChangeSchema>>;

/** `GET /case-process`: the portal's statuses and the numbers of its case process. */
export const caseProcessSchema = lazy(() =>
  object({
    statuses: array(object({ name: string(), state: oneOf(['open', 'closed']), waitingOnContact: boolean() })),
    reopenWindowDays: int().check(nonnegative()),
    pendingBusinessDays: int().check(nonnegative()),
    pendingFollowUps: int().check(nonnegative()),
    supportPhone: nullable(string()),
  }),
);
export type CaseProcess = z.infer<ReturnType<typeof caseProcessSchema>>;

export const attachmentSchema = lazy(() =>
  object({
    id: string(),
    filename: string(),
    size: int().check(nonnegative()),
    contentType: string(),
    createdAt: string(),
    createdBy: personRef(),
  }),
);
export type Attachment = z.infer<ReturnType<typeof attachmentSchema>>;
export const attachmentsSchema = lazy(() => object({ attachments: array(attachmentSchema()) }));

export const notificationSchema = lazy(() =>
  object({
    id: string(),
    kind: string(),
    title: string(),
    status: string(),
    state: oneOf(CASE_STATES),
    startsAt: string(),
    endsAt: nullable(string()),
    postedAt: string(),
    updates: array(object({ id: string(), postedAt: string(), body: string() })),
  }),
);
export type Notification = z.infer<ReturnType<typeof notificationSchema>>;
export const notificationsSchema = lazy(() =>
  object({
    banner: object({
      color: string(),
      text: string(),
      openIncidents: int(),
      openMaintenance: int(),
    }),
    notifications: array(notificationSchema()),
  }),
);
export type Notifications = z.infer<ReturnType<typeof notificationsSchema>>;

/** A personal access token as the portal lists it (never its value). `scope` is an open set. */
export const personalTokenSchema = lazy(() =>
  object({
    id: string(),
    name: string(),
    scope: string(),
    createdAt: string(),
    expiresAt: string(),
    lastUsedAt: nullable(string()),
    revokedAt: nullable(string()),
  }),
);
export type PersonalToken = z.infer<ReturnType<typeof personalTokenSchema>>;
/** `POST /tokens`: the token with its value, shown this once. */
export const personalTokenCreatedSchema = lazy(() => extend(personalTokenSchema(), { token: string() }));
export const personalTokensSchema = lazy(() => object({ tokens: array(personalTokenSchema()) }));

/** `POST /cases` body: the catalog's case shape, attachments aside. */
export interface CreateCaseBody {
  caseType: string;
  fields: Record<string, unknown>;
  /** The guide's acknowledgements (not portal fields); their statements are also in the description. */
  acknowledgements?: Record<string, boolean>;
}
