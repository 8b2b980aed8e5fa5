/**
 * `ic-support case submit`: one flow for a person and for a script. The options are parsed into a
 * plain request first (parseSubmitOptions); the run is then a short pipeline of steps, each taking
 * only what it needs: gather the values (draft, case file, flags, --field), ask a person for what is
 * missing, validate with the catalog, and send (or print the request with --dry-run). The rules of
 * precedence, of the idempotency key and of the account are in src/domain/submission.ts.
 */
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { CommandRun, Context } from '../../../cli/context.js';
import {
  CliError,
  ExitCode,
  FileProblemError,
  InterruptedError,
  UsageError,
  ValidationError,
  type FieldIssue,
} from '../../../errors.js';
import { findCaseType, type Catalog, type CaseTypeDef } from '../../../domain/catalog/index.js';
import { coerceValue, type RawValue } from '../../../domain/input.js';
import { validateCase, type ValidCase } from '../../../domain/validation.js';
import { checkQuality } from '../../../domain/quality.js';
import {
  caseTypeAndFields,
  chooseAccount,
  chooseCaseType,
  fieldsToAsk,
  mergeValues,
  finalKey,
  chooseKey,
  withRelated,
  type RelatedNotification,
  type Values,
} from '../../../domain/submission.js';
import { TEXT_VALUE_LIMIT, readCaseFile } from '../../../input/case-file.js';
import { readTextBounded } from '../../../io/bounded-read.js';
import { paths } from '../../../config/paths.js';
import { DraftStore, type Draft } from '../../../state/drafts.js';
import {
  checkAttachments,
  countCheck,
  type AttachmentLimits,
  type AttachmentRef,
  type FromCaseFile,
  type OutsideFile,
} from '../../../input/attachment-files.js';
import { attachmentLimits } from '../../../domain/catalog/merge.js';
import type { CatalogFlags } from './field-flags.js';
import { fieldDef, parseSubmitOptions, type SubmitRequest } from './request.js';
import type { SubmitArguments, SubmitOptions } from './options.js';
import { checkMayFile, type FilerAndCatalog } from './access.js';
import { ownDistrict, submitDistricts } from '../../../domain/account.js';
import { requestBody } from '../../../domain/acknowledgements.js';
import { findAccount } from '../../accounts/shared.js';
import type { Me } from '../../../portal/schemas.js';

/** The state the steps share: narrow, and everything a draft needs to keep what was typed. */
export interface Submission {
  type: CaseTypeDef;
  values: Values;
  /** The case file's name, when the case came from one (its attachments are relative to it). */
  fileName: string | undefined;
  fileAttachments: unknown;
  /** --attach files and those chosen in the form (relative to the current folder, or absolute). */
  attachments: string[];
  related: RelatedNotification | undefined;
  key: string | undefined;
  draft: Draft | undefined;
  /** Nothing was given: the form asks every field. */
  fresh: boolean;
  /** Where the account named came from, for a message about it. */
  accountFrom?: 'flag' | 'file' | 'draft' | 'profile';
}

type Ctx<K extends keyof Context> = Pick<Context, K>;

/** `@path` reads a file, `-` reads standard input (once), for text values of this type's fields. */
async function readIndirect(
  ctx: Ctx<'io' | 'cwd'>,
  values: Record<string, RawValue>,
  type: CaseTypeDef,
): Promise<void> {
  let stdinUsed: string | undefined;
  for (const [key, v] of Object.entries(values)) {
    // Only for fields of this type: an unknown key is reported by validation, its file left unread.
    if (typeof v !== 'string' || !type.fields.some((f) => f.key === key)) continue;
    if (v === '-') {
      if (stdinUsed)
        throw new UsageError(
          `Both ${stdinUsed} and ${key} read standard input ("-"); only one can.`,
          'Read the other from a file with @path.',
        );
      stdinUsed = key;
      values[key] = (await readTextBounded('-', ctx.io.stdin, TEXT_VALUE_LIMIT)).replace(/\n$/, '');
    } else if (v.startsWith('@') && v.length > 1) {
      const limit = {
        ...TEXT_VALUE_LIMIT,
        cwd: ctx.cwd,
        pathHint: `${key}: a value starting with @ names a file to read.`,
      };
      values[key] = (await readTextBounded(v.slice(1), () => ctx.io.stdin, limit)).replace(/\n$/, '');
    }
  }
}

/** The form's first question: the case types of the catalog in use (the portal's, as cached). */
async function askCaseType(ctx: Ctx<'io' | 'prompter'>, catalog: Catalog): Promise<CaseTypeDef> {
  if (!ctx.io.canPrompt()) {
    throw new ValidationError(
      [
        {
          field: 'caseType',
          message: `the case type is required: ic-support case submit <case-type>, one of ${catalog.types.map((t) => t.id).join(', ')}`,
        },
      ],
      undefined,
      'See the types with: ic-support case types',
    );
  }
  const id = await (
    await ctx.prompter()
  ).select(
    'Case type',
    catalog.types.map((t) => ({
      value: t.id,
      name: t.label,
      description: `${t.description}${t.examples.length ? ` e.g. ${t.examples.join('; ')}` : ''}`,
    })),
  );
  return findCaseType(id, catalog);
}

/**
 * Step 1: the values from every source, merged in the domain's order; the account the profile names.
 * The case type is found in `catalog`, the catalog in use checkMayFile loaded (the portal's, when it has one).
 */
async function gather(
  ctx: Ctx<'io' | 'prompter' | 'settings' | 'cwd'>,
  req: SubmitRequest,
  drafts: DraftStore,
  catalog: Catalog,
): Promise<Submission> {
  const draft = req.draftId ? drafts.get(req.draftId) : undefined;
  let file: Values | undefined;
  let fileName: string | undefined;
  if (req.fromFile) {
    const { data, name } = await readCaseFile(req.fromFile, () => ctx.io.stdin, ctx.cwd);
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new FileProblemError(name, 'is not a case: it must be a mapping of field: value');
    file = data as Values;
    fileName = name;
  }
  const type =
    chooseCaseType({ arg: req.typeArg, file: file?.caseType, fileName, draft: draft?.caseType }, catalog) ??
    (await askCaseType(ctx, catalog));
  const given = { ...req.given };
  await readIndirect(ctx, given, type);
  // Flag strings become the field's kind of value; a key of no field is left for validation to name.
  const coerced: Values = {};
  for (const [k, v] of Object.entries(given)) {
    const def = type.fields.find((f) => f.key === k) ?? fieldDef(k);
    coerced[k] = def ? coerceValue(def, v) : v;
  }
  const values = mergeValues({ draft: draft?.values, file, fields: coerced });
  let accountFrom: Submission['accountFrom'];
  if (type.fields.some((f) => f.key === 'account')) {
    const choice = chooseAccount({ given: values.account, profile: (await ctx.settings()).account });
    if (choice.account !== undefined) values.account = choice.account;
    if (choice.source === 'profile') accountFrom = 'profile';
    else if (choice.source === 'given')
      accountFrom = given.account !== undefined ? 'flag' : file?.account !== undefined ? 'file' : 'draft';
  }
  return {
    accountFrom,
    type,
    values,
    fileName,
    fileAttachments: file?.attachments,
    attachments: [...(draft?.attachments ?? []), ...req.attach],
    related: draft?.related,
    key: chooseKey({
      given: req.idempotencyKey,
      draft: draft?.idempotencyKey,
      fromFile: fileName !== undefined,
      newKey: randomUUID,
    }),
    draft,
    fresh: Object.keys(given).length === 0 && Object.keys(file ?? {}).length === 0 && !draft,
  };
}

/**
 * An account the user named that is none of their districts (GET /me) is the user's mistake: said
 * now, naming where it was given and the districts there are, before anything is asked or sent.
 */
function checkAccount(sub: Submission, me: Me | undefined): void {
  const named = sub.values.account;
  if (!me || typeof named !== 'string' || named.trim() === '' || !sub.type.fields.some((f) => f.key === 'account'))
    return;
  const from = {
    flag: '--account',
    file: `account in ${sub.fileName ?? 'the case file'}:`,
    draft: "The draft's account",
    profile: "The profile's account setting (ic-support config set account)",
  } as const;
  // Sent by its full name: "Valley" is the user's shorthand, not a name the portal knows.
  sub.values.account = findAccount(me, named, from[sub.accountFrom ?? 'flag']).name;
}

/** Keeps what was typed as a draft (with its idempotency key), so that nothing is lost. */
function saveAsDraft(cwd: string, drafts: DraftStore, sub: Submission, reason: string): Draft {
  // Absolute paths: a draft resumed from another folder still finds its files.
  const extra = {
    attachments: sub.attachments.map((p) => resolve(cwd, p)),
    ...(sub.related ? { related: sub.related } : {}),
  };
  const key = sub.key ?? randomUUID();
  sub.draft = sub.draft
    ? drafts.save({ ...sub.draft, ...extra, caseType: sub.type.id, values: sub.values, idempotencyKey: key }, reason)
    : drafts.create(sub.type.id, sub.values, reason, key, extra);
  sub.key = key;
  return sub.draft;
}

/** What an interrupted form says: where the answers are and how to go on. */
const interruptedAsDraft = (d: Draft): InterruptedError =>
  new InterruptedError(
    `Interrupted; your answers are saved as draft ${d.id}.`,
    `Resume with: ic-support case submit --draft ${d.id}`,
  );

/** Whether a person at a terminal gets the form: nothing given, something required missing, or a draft to review. */
function formAsks(sub: Submission): boolean {
  return sub.fresh || sub.draft !== undefined || fieldsToAsk(sub.type, sub.values, sub.fresh).length > 0;
}

/**
 * Before filing, on every path: the open notifications that may match (src/commands/case/submit/guidance.ts).
 * At a terminal the user says which one the case is about; without one, a note on stderr.
 */
async function guidance(ctx: Ctx<'io' | 'portal' | 'prompter' | 'clock' | 'debug'>, sub: Submission): Promise<void> {
  const portal = await ctx.portal();
  const { showGuidance } = await import('./guidance.js');
  sub.related = await showGuidance(
    ctx,
    sub.type,
    () => ctx.io.wait('Reading the open notifications', portal.notifications('open')),
    sub.related,
  );
}

/**
 * Step 2: a person at a terminal is shown the open notifications and asked for what was not given
 * (the form). Returns false when nothing is to be sent.
 */
async function ask(
  ctx: Ctx<'io' | 'env' | 'portal' | 'prompter' | 'today' | 'clock' | 'debug' | 'cwd' | 'onInterrupt' | 'globals'>,
  sub: Submission,
  drafts: DraftStore,
  filer: FilerAndCatalog,
): Promise<boolean | 'canceled'> {
  const missing = fieldsToAsk(sub.type, sub.values, sub.fresh);
  const form = formAsks(sub);
  // Everything given (flags, a case file) and the portal not reached: nothing to show; the send says why.
  if (!form && !filer.me) return true;
  // Ctrl-C between two questions (while the open notifications, who you are or a district's
  // contacts are read) reaches the process as a signal, not as a key a prompt reads: the answers so
  // far are kept as a draft then too, before the signal ends the process as it would have.
  const stopKeeping = ctx.onInterrupt((signal) => {
    stopKeeping();
    try {
      const said = interruptedAsDraft(saveAsDraft(ctx.cwd, drafts, sub, 'interrupted'));
      ctx.io.err(`\n${said.message}\n${said.hint ?? ''}\n`);
    } finally {
      // Windows cannot raise SIGBREAK on itself (process.kill supports INT, TERM and KILL there).
      // eslint-disable-next-line no-restricted-syntax -- the process must end here, as the signal would have ended it
      if (signal === 'SIGBREAK') process.exit(ExitCode.interrupted);
      process.kill(process.pid, signal);
    }
  });
  try {
    await guidance(ctx, sub);
    if (!form) return true;
    const portal = await ctx.portal();
    const me = filer.me ?? (await ctx.io.wait('Checking with the portal who you are', portal.me()));
    const prompter = await ctx.prompter();
    const { runForm } = await import('./form.js');
    const { editInEditor } = await import('../shared/editor.js');
    const outcome = await runForm({
      prompter,
      io: ctx.io,
      type: sub.type,
      values: sub.values,
      attachments: sub.attachments,
      askAttachments: sub.fresh,
      related: sub.related,
      today: ctx.today(),
      ask: missing,
      lookups: {
        me: me.contact,
        districts: submitDistricts(me),
        own: ownDistrict(me),
        contacts: (id) => ctx.io.wait("Listing the district's contacts", portal.districtContacts(id)),
      },
      catalog: filer.catalogInUse,
      cwd: ctx.cwd,
      quiet: ctx.globals.quiet === true,
      edit: (label, current) =>
        editInEditor(
          ctx.env,
          [`${label} for the case. Write above this line; blank lines between paragraphs are kept.`],
          {
            initial: current,
            fileName: 'CASE.md',
            fallback: 'Type the text at the prompt instead, or give it with the field flag (@file reads a file).',
          },
        ),
    });
    if (outcome === 'save') {
      const d = saveAsDraft(ctx.cwd, drafts, sub, 'saved');
      ctx.io.err(`Saved as draft ${d.id}. Resume with: ic-support case submit --draft ${d.id}\n`);
      return false;
    }
    if (outcome === 'cancel') {
      if (sub.draft) drafts.remove(sub.draft.id);
      ctx.io.err('Canceled; nothing was filed.\n');
      return 'canceled';
    }
    return true;
  } catch (e) {
    if (e instanceof InterruptedError || !(e instanceof CliError)) {
      throw interruptedAsDraft(saveAsDraft(ctx.cwd, drafts, sub, 'interrupted'));
    }
    throw e;
  } finally {
    stopKeeping();
  }
}

/** The files to attach, checked against the limits of the catalog in use; every problem returned (none is sent before all are good). */
function attachmentProblems(
  ctx: Ctx<'io'>,
  paths: string[],
  baseDir: string,
  limits: AttachmentLimits,
  field?: string,
  from?: FromCaseFile,
): { ok: AttachmentRef[]; issues: FieldIssue[]; outside: OutsideFile[] } {
  try {
    const { refs, warnings, outside } = checkAttachments(paths, baseDir, limits, field, from);
    for (const w of warnings) ctx.io.err(`warning: ${w.field}: ${w.message}\n`);
    return { ok: refs, issues: [], outside };
  } catch (e) {
    if (e instanceof ValidationError) return { ok: [], issues: e.issues, outside: [] };
    throw e;
  }
}

/** Step 3: the catalog's validation, exactly as the portal will apply it, and the files to attach; every problem at once. */
function check(
  ctx: Ctx<'io' | 'today' | 'cwd' | 'env' | 'globals'>,
  sub: Submission,
  drafts: DraftStore,
  filer: FilerAndCatalog,
  dryRun: boolean,
): { valid: ValidCase; attachments: AttachmentRef[]; outside: OutsideFile[] } {
  // A case file's attachments go through validation (a wrong shape is named like any field).
  const noFiles =
    sub.fileAttachments === undefined || (Array.isArray(sub.fileAttachments) && sub.fileAttachments.length === 0);
  const fileAttachments = noFiles ? {} : { attachments: sub.fileAttachments };
  // Validated as sent: with the related notification in the description (its length counts too).
  const checked = validateCase(
    { caseType: sub.type.id, ...withRelated(sub.values, sub.related), ...fileAttachments },
    { today: ctx.today(), catalog: filer.catalogInUse },
  );
  for (const w of checked.warnings) ctx.io.err(`warning: ${w.field}: ${w.message}\n`);
  // A case file's attachments are relative to it; --attach and the form's to the current folder.
  const { perCase, ...sizes } = attachmentLimits(filer.catalogInUse);
  const fileList = checked.ok ? checked.value.attachments : [];
  // A case file's are the user's only when they are (issue 25 §3): never from the state folder; one
  // outside the file's folder is named, and confirmed at a terminal or given with --attach.
  const fromFile = attachmentProblems(
    ctx,
    fileList,
    sub.fileName && sub.fileName !== 'standard input' ? dirname(resolve(ctx.cwd, sub.fileName)) : ctx.cwd,
    sizes,
    undefined,
    { stateDir: paths(ctx.env).root, what: 'a case file' },
  );
  const unconfirmed =
    dryRun || ctx.io.canPrompt()
      ? []
      : fromFile.outside.map((o) => ({
          field: o.field,
          message: `${o.message}: without a terminal to confirm it, give it on the command line instead: --attach ${JSON.stringify(o.path)}`,
        }));
  const fromHere = attachmentProblems(ctx, sub.attachments, ctx.cwd, sizes, '--attach');
  // The per-case count is of every file of this submission: the case file's and --attach's (and the form's) together.
  const count = countCheck(
    fileList.length + sub.attachments.length,
    perCase,
    fileList.length && sub.attachments.length
      ? 'attachments and --attach'
      : fileList.length
        ? 'attachments'
        : '--attach',
  );
  if (count && !count.block) ctx.io.err(`warning: ${count.issue.field}: ${count.issue.message}\n`);
  const issues = [
    ...(checked.ok ? [] : checked.issues),
    ...fromFile.issues,
    ...unconfirmed,
    ...fromHere.issues,
    ...(count?.block ? [count.issue] : []),
  ];
  if (!checked.ok || issues.length) {
    const d = ctx.io.canPrompt() || sub.draft !== undefined ? saveAsDraft(ctx.cwd, drafts, sub, 'invalid') : undefined;
    throw new ValidationError(
      issues,
      sub.fileName,
      d
        ? `Your answers are saved as draft ${d.id}; fix them with: ic-support case submit --draft ${d.id}`
        : `Give the missing or corrected values as flags (see: ic-support case submit ${sub.type.id} --help).`,
    );
  }
  if (!ctx.io.canPrompt() && !ctx.globals.quiet)
    for (const w of checkQuality(sub.type, checked.value.fields)) ctx.io.err(`advice: ${w.field}: ${w.message}\n`);
  return { valid: checked.value, attachments: [...fromFile.ok, ...fromHere.ok], outside: fromFile.outside };
}

export const run: CommandRun<SubmitOptions, SubmitArguments, CatalogFlags> = async (
  ctx,
  [typeArg],
  opts,
  { prepared },
) => {
  // The catalog in use read before parsing, when the flags needed it (a field only the portal's catalog has, as cached).
  const parsed = parseSubmitOptions(typeArg, opts, prepared?.portalFields);
  if ('batch' in parsed) return (await import('./batch.js')).runBatch(ctx, parsed.batch);
  const req = parsed.one;
  const drafts = new DraftStore(paths(ctx.env).drafts, () => ctx.clock.now());
  // Before any question: may this contact file at all? And the portal's catalog (src/commands/catalog/load.ts).
  const filer = await checkMayFile(ctx, prepared?.loaded);
  const sub = await gather(ctx, req, drafts, filer.catalogInUse);
  checkAccount(sub, filer.me);
  const prompting = ctx.io.canPrompt() && !req.dryRun;
  if (
    filer.me &&
    !(prompting && formAsks(sub)) &&
    sub.values.account === undefined &&
    sub.type.fields.some((f) => f.key === 'account')
  ) {
    // The district the portal assigns to the user (after the profile's account, applied in gather),
    // for flags and case files at a terminal too; the form asks instead, with it as its default.
    const choice = chooseAccount({ districts: submitDistricts(filer.me), own: ownDistrict(filer.me) });
    if (choice.account !== undefined) sub.values.account = choice.account;
  }
  if (prompting) {
    const asked = await ask(ctx, sub, drafts, filer);
    // Saved as a draft: done as asked (0). Canceled: nothing was filed, and a script sees it.
    if (asked === 'canceled') return ExitCode.canceled;
    if (!asked) return ExitCode.ok;
  }
  const { valid, attachments, outside } = check(ctx, sub, drafts, filer, req.dryRun);
  for (const o of outside) ctx.io.err(`note: ${o.field}: ${o.message}; it is sent with the case.\n`);
  if (outside.length && !req.dryRun && ctx.io.canPrompt()) {
    const send = await (
      await ctx.prompter()
    ).confirm(`Send ${outside.length === 1 ? 'this file' : 'these files'} from outside the case file's folder?`, {
      default: false,
    });
    if (!send) throw new UsageError('Nothing was sent.', 'Remove the file from attachments, or give it with --attach.');
  }
  // Without a terminal the open notifications are only a note (after validation: a case refused
  // locally costs no request); never when the portal was not reached or nothing is filed.
  if (!prompting && !req.dryRun && filer.me) await guidance(ctx, sub);
  // The guide's acknowledgements leave the fields for `acknowledgements` and a statement in the text.
  const body = requestBody(sub.type, caseTypeAndFields(valid));
  const key = finalKey(sub.key, body);
  const send = await import('./send.js');
  if (req.dryRun) return send.dryRun(ctx, { body, key, attachments, values: sub.values, json: req.json });
  return send.send(
    ctx,
    {
      body,
      key,
      attachments,
      json: req.json,
      web: req.web,
      source: sub.fileName ? `case file ${sub.fileName}` : sub.draft ? `draft ${sub.draft.id}` : 'flags',
    },
    {
      filed: () => {
        if (sub.draft) drafts.remove(sub.draft.id);
      },
      failed: (e) =>
        ctx.io.canPrompt() || sub.draft !== undefined
          ? saveAsDraft(ctx.cwd, drafts, sub, `failed: ${e.message}`)
          : undefined,
    },
  );
};
