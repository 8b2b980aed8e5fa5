/**
 * The last step of `case submit`: send a validated case (or, with --dry-run, print the request it
 * would send, with the account and contact the portal would file it for), then say what happened.
 */
import type { Context } from '../../../cli/context.js';
import { showControls } from '../../../text/show-controls.js';
import { CliError, ExitCode, QueuedNotice, ValidationError } from '../../../errors.js';
import { OutboxStore } from '../../../state/outbox.js';
import { paths } from '../../../config/paths.js';
import { deliver, type CaseRef, type DeliveryResult } from '../../../delivery/deliver.js';
import { styler } from '../../../io/style.js';
import { criticalFollowUp } from './follow-up.js';
import type { AttachmentRef } from '../../../input/attachment-files.js';
import { formatBytes } from '../../../domain/limits.js';
import { resolveParties, type Parties, type Values } from '../../../domain/submission.js';
import { uploadProgress, type Progress } from '../../../io/progress.js';
import type { Draft } from '../../../state/drafts.js';
import { ownDistrict } from '../../../domain/account.js';
import { printJson, type JsonRequest } from '../../../cli/json-output.js';

interface Ready {
  body: { caseType: string; fields: Record<string, unknown> };
  key: string;
  attachments: AttachmentRef[];
}

/** The account and contact as the portal will resolve them, when the portal can be asked. */
async function partiesFor(
  ctx: Pick<Context, 'io' | 'env' | 'settings' | 'portal' | 'debug'>,
  values: Values,
): Promise<Parties | string> {
  const settings = await ctx.settings();
  if (!settings.token) return 'not signed in';
  try {
    const portal = await ctx.portal();
    const me = await ctx.io.wait('Checking with the portal who you are', portal.me());
    const base = { me: me.contact, districts: me.districts, own: ownDistrict(me), profile: settings.account };
    const first = resolveParties(values, base);
    if (typeof values.contact !== 'string' || !first.account) return first;
    return resolveParties(values, {
      ...base,
      contacts: await ctx.io.wait(
        `Listing the contacts of ${first.account.name}`,
        portal.districtContacts(first.account.id),
      ),
    });
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    ctx.debug(`account and contact not resolved: ${e.message}`);
    return e.message;
  }
}

export async function dryRun(
  ctx: Pick<Context, 'io' | 'env' | 'settings' | 'portal' | 'debug'>,
  r: Ready & { values: Values; json?: JsonRequest | undefined },
): Promise<number> {
  const request = {
    method: 'POST',
    path: '/api/v1/cases',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': r.key },
    body: r.body,
  };
  const parties = await partiesFor(ctx, r.values);
  if (typeof parties !== 'string' && parties.problems.length)
    throw new ValidationError(
      parties.problems,
      undefined,
      'See your districts with: ic-support accounts, and their contacts with: ic-support contacts',
    );
  const resolved =
    typeof parties === 'string'
      ? {}
      : {
          account: parties.account ? { id: parties.account.id, name: parties.account.name } : null,
          contact: parties.contact
            ? { id: parties.contact.id, name: parties.contact.name, email: parties.contact.email }
            : null,
        };
  const out = {
    ...request,
    ...resolved,
    ...(r.attachments.length ? { attachments: r.attachments.map((a) => ({ file: a.path, size: a.size })) } : {}),
  };
  await printJson(ctx, out, r.json ?? {});
  if (typeof parties === 'string')
    ctx.io.err(
      `Account and contact not resolved (${parties}): the portal applies its defaults when the case arrives.\n`,
    );
  ctx.io.err('Dry run: valid; nothing was sent.\n');
  return ExitCode.ok;
}

async function printResult(
  ctx: Pick<Context, 'io' | 'env' | 'portal' | 'debug' | 'globals'>,
  c: CaseRef,
  replayed: boolean,
  json: JsonRequest | undefined,
  sent: Ready['body'],
): Promise<void> {
  const followUp = await criticalFollowUp(ctx, c, sent);
  // The practice portal of --sandbox stops with this command: its page is no address to keep.
  const practice = Boolean(ctx.globals.sandbox);
  if (json)
    await printJson(
      ctx,
      {
        number: c.number,
        id: c.id,
        url: c.url,
        status: c.status,
        replayed,
        ...(practice ? { practicePortal: true } : {}),
        ...(followUp ? { followUp } : {}),
      },
      json,
    );
  else ctx.io.out(practice ? `${c.number}\n` : `${c.number} ${showControls(c.url)}\n`);
  ctx.io.err(
    replayed
      ? `Case ${c.number} was already filed by this submission (same idempotency key); it was not filed again.\n`
      : `Filed case ${c.number}${practice ? ' in the practice portal (--sandbox); nothing reached Infinite Campus' : ''}.\n`,
  );
  if (practice)
    ctx.io.err(
      `Practice portal only: it stopped with this command, and its pages with it. See the case again with: ic-support --sandbox case show ${c.number}\n`,
    );
  if (followUp) ctx.io.err(`${styler(ctx.io.colorErr).yellow(followUp.instruction)}\n`);
}

export interface SendHooks {
  filed(): void;
  /** Keeps what was typed when sending fails; returns the draft that holds it, if any. */
  failed(e: CliError): Draft | undefined;
}

/** Whatever happens, what was typed is kept until the portal has the case. */
export async function send(
  ctx: Pick<Context, 'io' | 'env' | 'clock' | 'portal' | 'settings' | 'debug' | 'globals'>,
  r: Ready & { json: JsonRequest | undefined; web: boolean; source: string },
  hooks: SendHooks,
): Promise<number> {
  const portal = await ctx.portal();
  const settings = await ctx.settings();
  const outbox = new OutboxStore(paths(ctx.env).outbox, () => ctx.clock.now());
  let bar: Progress | undefined;
  let result: DeliveryResult;
  try {
    result = await ctx.io.wait(
      'Filing the case',
      deliver(
        portal,
        outbox,
        { body: r.body, idempotencyKey: r.key, attachments: r.attachments, source: r.source },
        { profile: settings.profile, portalUrl: settings.portalUrl?.value ?? '' },
        {
          uploading: (a) => (bar = uploadProgress(ctx.io, a.name, a.size)),
          progress: (_a, sent) => bar?.update(sent),
          uploaded: () => bar?.end(),
        },
      ),
    );
  } catch (e) {
    bar?.end();
    const d = e instanceof CliError && e.exitCode !== ExitCode.internal ? hooks.failed(e) : undefined;
    if (d && e instanceof CliError) {
      throw e.withHint(
        `${e.hint ? `${e.hint}\n` : ''}Nothing is lost: the case is saved as draft ${d.id}; send it again with: ic-support case submit --draft ${d.id}`,
      );
    }
    throw e;
  }
  hooks.filed();
  if (result.status === 'queued') {
    if (r.json)
      await printJson(
        ctx,
        { queued: true, outboxId: result.entry.id, number: result.case?.number ?? null, reason: result.reason },
        // A script's --jq '.number' gets nothing, not "null", while there is no number yet (exit 9 says why).
        r.json.jq ? { ...r.json, jq: `(${r.json.jq}) | select(. != null)` } : r.json,
      );
    const what = result.case
      ? `Case ${result.case.number} is filed, but its attachments could not be sent (${result.reason})`
      : `The portal could not take the case (${result.reason})`;
    throw new QueuedNotice(
      `${what}; it waits in the outbox as ${result.entry.id}.`,
      'Send it with: ic-support outbox send (it keeps its idempotency key, by which the portal recognizes it: it is never filed twice).',
    );
  }
  await printResult(ctx, result.case, result.status === 'replayed', r.json, r.body);
  // A replayed submission finds files the first run sent: they were not sent again.
  for (const a of result.attachments)
    ctx.io.err(`${a.found ? 'Already attached' : 'Attached'} ${a.filename} (${formatBytes(a.size)}).\n`);
  // As `gh issue create --web` shows what was made: the filed case's own page (never the practice portal's, which stops with this command).
  if (r.web && !ctx.globals.sandbox) {
    const { openWebPage } = await import('../../../io/open-url.js');
    await openWebPage(ctx, {
      url: result.case.url,
      portalUrl: portal.portalUrl,
      what: `case ${showControls(result.case.number)}`,
    });
  }
  return ExitCode.ok;
}
