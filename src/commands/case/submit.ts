/**
 * `ic-support case submit`: one flow for a person and for a script. Values come from a draft,
 * a case file, field flags and `--field key=value` (later ones override earlier ones); on a
 * terminal the form asks for what they did not give; everything goes through the catalog's
 * validation before anything is sent; the idempotency key travels with the draft so that a case is
 * never filed twice.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CommandRun, Context } from '../../cli/context.js';
import { dirname, resolve } from 'node:path';
import { CliError, ExitCode, FileProblemError, InterruptedError, QueuedNotice, UsageError, ValidationError } from '../../errors.js';
import { catalog, findCaseType, type CaseTypeDef, type FieldDef } from '../../domain/catalog/index.js';
import { coerceValue, type RawValue } from '../../domain/input.js';
import { validateCase, type ValidCase } from '../../domain/validation.js';
import { checkQuality } from '../../domain/quality.js';
import { readCaseFile, readStream } from '../../input/case-file.js';
import { paths } from '../../config/paths.js';
import { DraftStore, type Draft } from '../../state/drafts.js';
import { OutboxStore } from '../../state/outbox.js';
import { deliver, type DeliveryResult } from '../../delivery/deliver.js';
import { checkAttachments } from '../../input/attachment-files.js';
import { contentKey } from '../../domain/idempotency.js';
import { relevantToNewCase } from '../../domain/notifications.js';
import { formatBytes } from '../../domain/limits.js';
import { uploadProgress, type Progress } from '../../io/progress.js';
import { styler } from '../../io/style.js';
import { allFields, fieldFlagValues } from './submit-options.js';

export interface SubmitOptions {
  field?: string[];
  attach?: string[];
  batch?: string;
  concurrency?: string;
  fromFile?: string;
  draft?: string;
  dryRun?: boolean;
  json?: boolean;
  idempotencyKey?: string;
  [flag: string]: unknown;
}

const ENVELOPE = new Set(['caseType', 'attachments']);

/** A field definition for a key: the chosen type's own, else the catalog's (for a useful error). */
function defFor(type: CaseTypeDef, key: string): FieldDef | undefined {
  return type.fields.find((f) => f.key === key) ?? allFields().find((f) => f.key === key);
}

/** `--field key=value`: the key as in a case file (stepsToReproduce) or as a flag (steps-to-reproduce). */
function parseFieldArgs(entries: string[], type: CaseTypeDef): Record<string, RawValue> {
  const out: Record<string, RawValue> = {};
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq <= 0) throw new UsageError(`--field "${e}" is not key=value`, `For example: --field module="Grade Book" (keys: ic-support case fields ${type.id})`);
    const rawKey = e.slice(0, eq).trim().replace(/^--/, '');
    const key = rawKey.includes('-') ? rawKey.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : rawKey;
    if (key === 'caseType') throw new UsageError('--field caseType: the case type is not a field.', `Give it as the first argument: ic-support case submit ${type.id} …`);
    if (key === 'attachments') throw new UsageError('--field attachments: attachments are files, not a field.', 'Attach files with --attach FILE (repeatable).');
    const value = e.slice(eq + 1);
    const def = defFor(type, key);
    if (def && (def.kind === 'multichoice' || def.kind === 'dates')) {
      const prev = out[key];
      out[key] = [...(Array.isArray(prev) ? prev : []), value];
    } else out[key] = value;
  }
  return out;
}

/** `@path` reads a file, `-` reads standard input (once), for text values given on the command line. */
async function resolveIndirect(values: Record<string, RawValue>, ctx: Context, type: CaseTypeDef): Promise<void> {
  let stdinUsed: string | undefined;
  for (const [key, v] of Object.entries(values)) {
    // Only for fields of this type: an unknown key is reported by validation, its file left unread.
    if (typeof v !== 'string' || !type.fields.some((f) => f.key === key)) continue;
    if (v === '-') {
      if (stdinUsed) throw new UsageError(`Both ${stdinUsed} and ${key} read standard input ("-"); only one can.`, 'Read the other from a file with @path.');
      stdinUsed = key;
      values[key] = (await readStream(ctx.io.stdin)).replace(/\n$/, '');
    } else if (v.startsWith('@') && v.length > 1) {
      const path = v.slice(1);
      try {
        values[key] = (await readFile(path, 'utf8')).replace(/\n$/, '');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new FileProblemError(path, code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? (e as Error).message})`, `${key}: a value starting with @ names a file to read.`);
      }
    }
  }
}

async function chooseType(ctx: Context): Promise<CaseTypeDef> {
  if (!ctx.io.canPrompt()) {
    throw new ValidationError(
      [{ field: 'caseType', message: `the case type is required: ic-support case submit <case-type>, one of ${catalog.types.map((t) => t.id).join(', ')}` }],
      undefined,
      'See the types with: ic-support case types',
    );
  }
  const p = await ctx.prompter();
  const id = await p.select(
    'Case type',
    catalog.types.map((t) => ({ value: t.id, name: t.label, description: `${t.description} e.g. ${t.examples.join('; ')}` })),
  );
  return findCaseType(id);
}

/** What the portal's guide asks people to look at first: open notifications, the retention window. */
async function showGuidance(ctx: Context, type: CaseTypeDef, values: Record<string, unknown>): Promise<void> {
  const s = styler(ctx.io.colorErr);
  if (type.guidance.includes('retention-window')) {
    ctx.io.err(`${s.yellow('Note:')} ${type.description}\n`);
  }
  if (!type.guidance.includes('notifications')) return;
  try {
    const portal = await ctx.portal();
    const open = relevantToNewCase((await portal.notifications('open')).notifications, ctx.clock.now());
    if (!open.length) return;
    ctx.io.err(`${s.yellow('Open notifications')} (if one matches, please still file: it helps Infinite Campus see the scope):\n`);
    for (const n of open) ctx.io.err(`  [${n.kind}] ${n.title} (${n.status})  id ${n.id}\n`);
    if (ctx.io.canPrompt()) {
      const p = await ctx.prompter();
      const none = '\u0000none';
      const pick = await p.select('Is this case about one of them?', [{ value: none, name: 'No' }, ...open.map((n) => ({ value: n.id, name: n.title }))], { default: none });
      const n = open.find((x) => x.id === pick);
      if (n) values.description = `${typeof values.description === 'string' ? `${values.description}\n\n` : ''}Related notification: ${n.title} (${n.id})`;
    }
  } catch (e) {
    ctx.debug(`notifications not shown: ${(e as Error).message}`);
  }
}

function printResult(ctx: Context, c: { number: string; url: string; status: string; id: string }, replayed: boolean, json: boolean | undefined): void {
  if (json) ctx.io.out(`${JSON.stringify({ number: c.number, id: c.id, url: c.url, status: c.status, replayed }, null, 2)}\n`);
  else ctx.io.out(`${c.number} ${c.url}\n`);
  ctx.io.err(replayed ? `Case ${c.number} was already filed by this submission (same idempotency key); it was not filed again.\n` : `Filed case ${c.number}.\n`);
}

export const run: CommandRun<SubmitOptions, [string | undefined]> = async (ctx, [typeArg], opts) => {
  if (opts.batch) {
    if (typeArg || opts.fromFile || opts.draft || opts.idempotencyKey || opts.attach?.length) {
      throw new UsageError('--batch takes its cases from the batch file alone.', 'Put each case\'s type, fields and attachments in the file; drop the other arguments.');
    }
    return (await import('./submit-batch.js')).runBatch(ctx, opts.batch, opts);
  }
  const drafts = new DraftStore(paths(ctx.env).drafts, () => ctx.clock.now());
  let draft: Draft | undefined = opts.draft ? drafts.get(opts.draft) : undefined;

  // 1. Where the values come from, in order of precedence: draft < file < flags < --field.
  let fileValues: Record<string, unknown> = {};
  let fileName: string | undefined;
  if (opts.fromFile) {
    const { data, name } = await readCaseFile(opts.fromFile, ctx.io.stdin);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new FileProblemError(name, 'is not a case: it must be a mapping of field: value');
    fileValues = data as Record<string, unknown>;
    fileName = name;
  }
  const fileType = typeof fileValues.caseType === 'string' ? fileValues.caseType : undefined;
  if (typeArg && fileType && findCaseType(typeArg).id !== findCaseType(fileType).id) {
    throw new UsageError(`The case type ${typeArg} differs from caseType ${fileType} in ${fileName}.`, 'Give one of them, or make them agree.');
  }
  const typeId = typeArg ?? fileType ?? draft?.caseType;
  const type = typeId ? findCaseType(typeId) : await chooseType(ctx);

  const values: Record<string, unknown> = { ...(draft?.values ?? {}) };
  for (const [k, v] of Object.entries(fileValues)) if (!ENVELOPE.has(k)) values[k] = v;
  const fileAttachments = Array.isArray(fileValues.attachments) ? fileValues.attachments : fileValues.attachments !== undefined ? fileValues.attachments : [];
  const given: Record<string, RawValue> = { ...fieldFlagValues(opts, allFields()), ...parseFieldArgs(opts.field ?? [], type) };
  await resolveIndirect(given, ctx, type);
  for (const [k, v] of Object.entries(given)) {
    const def = defFor(type, k);
    values[k] = def ? coerceValue(def, v) : v;
  }
  // The profile's default account, where the user has set one (ic-support config set account …).
  if (values.account === undefined && type.fields.some((f) => f.key === 'account') && !opts.dryRun) {
    const account = (await ctx.settings()).account;
    if (account) values.account = account;
  }
  // A case from a file keeps one key for its content: running the same file again never files twice.
  const idempotencyKey = opts.idempotencyKey ?? draft?.idempotencyKey ?? (fileName !== undefined ? undefined : randomUUID());
  const keep = (reason: string): Draft => {
    const key = idempotencyKey ?? randomUUID();
    draft = draft ? drafts.save({ ...draft, caseType: type.id, values, idempotencyKey: key }, reason) : drafts.create(type.id, values, reason, key);
    return draft;
  };

  // 2. A person at a terminal is asked for what was not given.
  if (ctx.io.canPrompt() && !opts.dryRun) {
    const fresh = Object.keys(given).length === 0 && Object.keys(fileValues).length === 0 && !draft;
    const missing = type.fields.filter((f) => values[f.key] === undefined && (fresh || (f.required && f.default === undefined && !f.defaultFrom)));
    if (fresh || missing.length > 0 || draft) {
      const portal = await ctx.portal();
      const me = await portal.me();
      const prompter = await ctx.prompter();
      const { runForm } = await import('./submit-form.js');
      try {
        await showGuidance(ctx, type, values);
        const outcome = await runForm({
          prompter,
          io: ctx.io,
          type,
          values,
          today: ctx.today(),
          ask: fresh ? type.fields : missing,
          lookups: { me: me.contact, districts: me.districts, contacts: (id) => portal.districtContacts(id) },
        });
        if (outcome === 'save') {
          const d = keep('saved');
          ctx.io.err(`Saved as draft ${d.id}. Resume with: ic-support case submit --draft ${d.id}\n`);
          return ExitCode.ok;
        }
        if (outcome === 'cancel') {
          if (draft) drafts.remove(draft.id);
          ctx.io.err('Cancelled; nothing was filed.\n');
          return ExitCode.ok;
        }
      } catch (e) {
        if (e instanceof InterruptedError || !(e instanceof CliError)) {
          const d = keep('interrupted');
          throw new InterruptedError(`Interrupted; your answers are saved as draft ${d.id}.`, `Resume with: ic-support case submit --draft ${d.id}`);
        }
        throw e;
      }
    }
  }

  // 3. Validate with the catalog, exactly as the portal will.
  const checked = validateCase({ caseType: type.id, ...values, ...(Array.isArray(fileAttachments) && fileAttachments.length === 0 ? {} : { attachments: fileAttachments }) }, { today: ctx.today() });
  if (!checked.ok) {
    const fromTerminal = ctx.io.canPrompt() || draft !== undefined;
    const d = fromTerminal ? keep('invalid') : undefined;
    throw new ValidationError(
      checked.issues,
      fileName,
      d ? `Your answers are saved as draft ${d.id}; fix them with: ic-support case submit --draft ${d.id}` : `Give the missing or corrected values as flags (see: ic-support case submit ${type.id} --help).`,
    );
  }
  const valid: ValidCase = checked.value;
  if (!ctx.io.canPrompt()) for (const w of checkQuality(type, valid.fields)) ctx.io.err(`advice: ${w.field}: ${w.message}\n`);

  const body = { caseType: valid.caseType, fields: valid.fields };
  const key = idempotencyKey ?? contentKey(body);
  // Attachments: the case file's (relative to it) and --attach (relative to here), checked now.
  const attachments = [
    ...checkAttachments(valid.attachments, fileName && fileName !== 'standard input' ? dirname(resolve(fileName)) : process.cwd()),
    ...checkAttachments(opts.attach ?? [], process.cwd(), '--attach'),
  ];
  if (opts.dryRun) {
    const request = { method: 'POST', path: '/api/v1/cases', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key }, body };
    ctx.io.out(`${JSON.stringify(attachments.length ? { ...request, attachments: attachments.map((a) => ({ file: a.path, size: a.size })) } : request, null, 2)}\n`);
    ctx.io.err('Dry run: valid; nothing was sent.\n');
    return ExitCode.ok;
  }

  // 4. Send it. Whatever happens, what was typed is kept until the portal has the case.
  const portal = await ctx.portal();
  const settings = await ctx.settings();
  const outbox = new OutboxStore(paths(ctx.env).outbox, () => ctx.clock.now());
  const source = fileName ? `case file ${fileName}` : draft ? `draft ${draft.id}` : 'flags';
  let bar: Progress | undefined;
  let result: DeliveryResult;
  try {
    result = await deliver(portal, outbox, { body, idempotencyKey: key, attachments, source }, { profile: settings.profile, portalUrl: settings.portalUrl?.value ?? '' }, {
      uploading: (a) => (bar = uploadProgress(ctx.io, a.name, a.size)),
      progress: (_a, sent) => bar?.update(sent),
      uploaded: () => bar?.end(),
    });
  } catch (e) {
    bar?.end();
    const keepIt = e instanceof CliError && (ctx.io.canPrompt() || draft !== undefined) && e.exitCode !== ExitCode.internal;
    if (keepIt) {
      const d = keep(`failed: ${e.message}`);
      throw Object.assign(e, { hint: `${e.hint ? `${e.hint}\n` : ''}Nothing is lost: the case is saved as draft ${d.id}; send it again with: ic-support case submit --draft ${d.id}` }) as CliError;
    }
    throw e;
  }
  if (draft) drafts.remove(draft.id);
  if (result.status === 'queued') {
    if (opts.json) ctx.io.out(`${JSON.stringify({ queued: true, outboxId: result.entry.id, number: result.case?.number ?? null, reason: result.reason }, null, 2)}\n`);
    const what = result.case ? `Case ${result.case.number} is filed, but its attachments could not be sent (${result.reason})` : `The portal could not take the case (${result.reason})`;
    throw new QueuedNotice(`${what}; it waits in the outbox as ${result.entry.id}.`, 'Send it with: ic-support outbox send (it keeps its idempotency key: it is never filed twice).');
  }
  printResult(ctx, result.case, result.status === 'replayed', opts.json);
  for (const a of result.attachments) ctx.io.err(`Attached ${a.filename} (${formatBytes(a.size)}).\n`);
  return ExitCode.ok;
};

