/**
 * `case submit --batch FILE`: many cases from NDJSON or a YAML list. Every case is validated
 * first and every problem reported by line before anything is sent; then the cases go out with
 * bounded concurrency over the one connection pool of the portal client, one result line each as
 * it completes, and a summary. Each case's idempotency key comes from its content (and its
 * occurrence in the file), so running the same batch again, after a crash or kill -9 too, files
 * what is missing and nothing twice.
 */
import { dirname, resolve } from 'node:path';
import { showControls } from '../../../text/show-controls.js';
import type { Context } from '../../../cli/context.js';
import {
  CliError,
  ExitCode,
  PartialFailureError,
  UsageError,
  ValidationError,
  type FieldIssue,
} from '../../../errors.js';
import { readBatch, UnreadableLinesError } from '../../../input/batch.js';
import { validateCase } from '../../../domain/validation.js';
import { manyParses } from '../../../domain/zod.js';
import { setV8Flags } from '../../../io/v8-flags.js';
import { contentKey } from '../../../domain/idempotency.js';
import { paths } from '../../../config/paths.js';
import { OutboxStore } from '../../../state/outbox.js';
import { deliver, type Delivery, type DeliveryResult } from '../../../delivery/deliver.js';
import { checkAttachments } from '../../../input/attachment-files.js';
import { attachmentLimits } from '../../../domain/catalog/merge.js';
import type { PhoneFollowUp } from '../../../domain/case-life.js';
import { followUpFinder } from './follow-up.js';
import { printJsonLine, type JsonRequest } from '../../../cli/json-output.js';

interface Line {
  line: number;
  status: 'filed' | 'already filed' | 'queued' | 'failed' | 'not sent';
  number?: string | undefined;
  url?: string | undefined;
  outboxId?: string | undefined;
  error?: string | undefined;
  followUp?: PhoneFollowUp | undefined;
}

/** Issues in the order of the lines they name (stable: a line's own issues keep their order). */
function sortByLine(issues: FieldIssue[]): FieldIssue[] {
  const line = (i: FieldIssue): number => Number(/^(?:line|item) (\d+)/.exec(i.field)?.[1] ?? Infinity);
  return issues
    .map((i, at) => ({ i, at }))
    .sort((a, b) => line(a.i) - line(b.i) || a.at - b.at)
    .map((x) => x.i);
}

export async function runBatch(
  ctx: Context,
  opts: { file: string; json: JsonRequest | undefined; dryRun: boolean; concurrency: number },
): Promise<number> {
  const { file, concurrency } = opts;
  const { items, name, unreadable } = await readBatch(file, () => ctx.io.stdin, ctx.cwd).then(
    (read) => ({ ...read, unreadable: [] as FieldIssue[] }),
    (e: unknown) => {
      // Lines that are not JSON do not hide the other lines' problems: all are listed together.
      if (!(e instanceof UnreadableLinesError) || e.items.length === 0) throw e;
      return { items: e.items, name: e.source ?? file, unreadable: e.issues };
    },
  );
  if (items.length === 0)
    throw new UsageError(
      `${name} holds no case.`,
      'A batch is NDJSON (one JSON case per line) or a YAML list of cases.',
    );
  if (items.length > 1) {
    manyParses();
    // A short process doing the same few things many times: V8's baseline code at once, and
    // TurboFan (compiling in the background, on the cores the portal's answers need too) only
    // for what stays hot four times longer. Measured over 1,000 cases, alternating, load 9-11:
    // the batch's CPU 1,136 -> 984 ms (no TurboFan at all: 907 ms, but slower past ~3,000 cases).
    await setV8Flags('--always-sparkplug --interrupt-budget=270336');
  }

  const settings = opts.dryRun ? undefined : await ctx.settings();
  const { loadCatalog } = await import('../../catalog/load.js');
  const { requestBody } = await import('../../../domain/acknowledgements.js');
  const catalogInUse = (await loadCatalog(ctx, { refresh: opts.dryRun ? 'never' : 'if-stale' })).catalog;
  const baseDir = name === 'standard input' ? ctx.cwd : dirname(resolve(ctx.cwd, name));
  // One day for the whole batch (the rules about past and future dates), looked up once.
  const today = ctx.today();
  const issues: FieldIssue[] = [];
  // A YAML list's cases are named by item, NDJSON's by line (--json keeps the line either way).
  const labels = new Map(items.map((i) => [i.line, i.label]));
  const labelOf = (line: number): string => labels.get(line) ?? `line ${line}`;
  const deliveries: (Delivery & { line: number })[] = [];
  const seen = new Map<string, number>();
  // Looked up once for the batch, not once a case.
  const limits = attachmentLimits(catalogInUse);
  const types = new Map(catalogInUse.types.map((t) => [t.id, t]));
  for (const item of items) {
    const data = item.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      issues.push({ field: item.label, message: 'a case must be a mapping of field: value' });
      continue;
    }
    const withAccount =
      settings?.account && (data as Record<string, unknown>).account === undefined
        ? { ...data, account: settings.account }
        : data;
    const r = validateCase(withAccount, { today, catalog: catalogInUse });
    for (const w of r.warnings) ctx.io.err(`${item.label}: warning: ${w.field}: ${w.message}\n`);
    if (!r.ok) {
      for (const i of r.issues) issues.push({ field: `${item.label}: ${i.field}`, message: i.message });
      continue;
    }
    let attachments: Delivery['attachments'] = [];
    // A case without attachments has none to check (no count over a limit, no file).
    if (r.value.attachments.length) {
      try {
        // Never from the state folder; a batch has no review to confirm a file outside its folder.
        const checked = checkAttachments(r.value.attachments, baseDir, limits, 'attachments', {
          stateDir: paths(ctx.env).root,
          what: 'a batch file',
        });
        for (const o of checked.outside)
          issues.push({
            field: `${item.label}: ${o.field}`,
            message: `${o.message}: a batch attaches only files in its own folder (or below); copy it there`,
          });
        if (checked.outside.length) continue;
        attachments = checked.refs;
        for (const w of checked.warnings) ctx.io.err(`${item.label}: warning: ${w.field}: ${w.message}\n`);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        for (const i of e.issues) issues.push({ field: `${item.label}: ${i.field}`, message: i.message });
        continue;
      }
    }
    const body = requestBody(types.get(r.value.caseType)!, r.value);
    // Keyed by the content's key, not its text: a large batch must not be held twice in memory.
    // The first occurrence's key is that key itself: only a repeated case hashes again.
    const first = contentKey(body);
    const occurrence = seen.get(first) ?? 0;
    seen.set(first, occurrence + 1);
    deliveries.push({
      line: item.line,
      body,
      idempotencyKey: occurrence === 0 ? first : contentKey(body, occurrence),
      attachments,
      source: `${item.label} of ${name}`,
    });
  }
  if (unreadable.length) issues.push(...unreadable);
  if (issues.length)
    throw new ValidationError(sortByLine(issues), name, 'Nothing was sent. Fix these and run the same command again.');
  if (opts.dryRun) {
    ctx.io.err(
      `Dry run: ${deliveries.length === 1 ? 'the case' : `all ${deliveries.length} cases`} in ${name} are valid; nothing was sent.\n`,
    );
    return ExitCode.ok;
  }

  const portal = await ctx.portal();
  // The guide asks for a look at the open notifications before filing: listed once for the batch,
  // never a question (src/commands/case/submit/guidance.ts).
  const { listOpenNotifications } = await import('./guidance.js');
  if (
    (
      await listOpenNotifications(ctx, () =>
        ctx.io.wait('Reading the open notifications', portal.notifications('open')),
      )
    ).length
  ) {
    ctx.io.err('  (A batch asks nothing: if a case is about one of them, say so in a comment on it.)\n');
  }
  const outbox = new OutboxStore(paths(ctx.env).outbox, () => ctx.clock.now());
  const target = { profile: settings!.profile, portalUrl: settings!.portalUrl?.value ?? '' };
  const results: Line[] = [];
  let fatal: CliError | undefined;
  const print = async (l: Line): Promise<void> => {
    results.push(l);
    if (opts.json) await printJsonLine(ctx, l, opts.json);
    else
      ctx.io.out(
        // No page of the practice portal of --sandbox, which stops with this command.
        `${labelOf(l.line)}\t${l.status}\t${l.number ?? l.outboxId ?? '-'}\t${showControls((ctx.globals.sandbox ? undefined : l.url) ?? l.error ?? '')}\n`,
      );
  };
  const followUp = followUpFinder(ctx);
  const toLine = async (line: number, r: DeliveryResult, sent: Delivery['body']): Promise<Line> => {
    if (r.status === 'queued')
      return { line, status: 'queued', outboxId: r.entry.id, number: r.case?.number, error: r.reason };
    const call = await followUp(r.case, sent);
    // A Critical case asks for a phone call: a field in --json, a line on stderr otherwise.
    if (call && !opts.json) ctx.io.err(`${labelOf(line)}: ${call.instruction}\n`);
    return {
      line,
      status: r.status === 'replayed' ? 'already filed' : 'filed',
      number: r.case.number,
      url: r.case.url,
      ...(call ? { followUp: call } : {}),
    };
  };

  let firstFailure: CliError | undefined;
  let failedLine: number | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < deliveries.length) {
      const d = deliveries[next++]!;
      if (fatal) {
        await print({ line: d.line, status: 'not sent', error: 'stopped after an earlier error' });
        continue;
      }
      try {
        await print(
          await toLine(
            d.line,
            await ctx.io.wait(`Filing the case of ${labelOf(d.line)}`, deliver(portal, outbox, d, target)),
            d.body,
          ),
        );
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        await print({ line: d.line, status: 'failed', error: e.message });
        // Sign-in and permission problems hold for every case: stop rather than fail each one.
        if (e.exitCode === ExitCode.auth || e.exitCode === ExitCode.permission) fatal ??= e;
        if (!firstFailure) [firstFailure, failedLine] = [e, d.line];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker));

  const count = (s: Line['status']): number => results.filter((r) => r.status === s).length;
  const summary = `${results.length} case${results.length === 1 ? '' : 's'}: ${count('filed')} filed, ${count('already filed')} already filed, ${count('queued')} queued, ${count('failed')} failed${count('not sent') ? `, ${count('not sent')} not sent` : ''}.`;
  ctx.io.err(`${summary}\n`);
  if (firstFailure) {
    const failed = results.filter((r) => r.status === 'failed');
    throw new PartialFailureError(
      `${failed.length} of ${results.length} cases failed; running the same batch again files only what is missing.`,
      failed.map((r) => ({
        item: labelOf(r.line),
        message: r.error ?? 'failed',
        hint: r.line === failedLine ? firstFailure?.hint : undefined,
      })),
      firstFailure.exitCode,
    );
  }
  if (count('queued')) {
    ctx.io.err('Queued cases wait in the outbox: send them with: ic-support outbox send\n');
    return ExitCode.queued;
  }
  return ExitCode.ok;
}
