/**
 * The vendor's side of a running sandbox, over HTTP (/sandbox/v1 with the admin key): notifications,
 * vendor comments, resolutions, the mailbox, faults, case counts.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CommandRun, Context } from '../../cli/context.js';
import { AuthError, FileProblemError, UnavailableError, UsageError } from '../../errors.js';
import { readFileBoundedSync } from '../../io/bounded-read.js';
import { SANDBOX_FILE_LIMIT } from '../../sandbox/record-files.js';
import { sandboxDataDir } from './paths.js';
import { adoptParentJson, printJson, type JsonRequest } from '../../cli/json-output.js';
import { formatPortalTime, userTimeZone } from '../../domain/time-zone.js';

interface Target extends JsonRequest {
  url?: string;
  dataDir?: string;
  json?: boolean;
}

interface Resolved {
  url: string;
  adminKey: string;
  json: boolean;
  req: JsonRequest;
}

function locate(ctx: Context, command: Command, opts: Target): Resolved {
  adoptParentJson(opts, command.optsWithGlobals() as JsonRequest);
  const all = { ...(command.optsWithGlobals() as Target), ...opts };
  const dataDir = sandboxDataDir(ctx.env, all.dataDir, ctx.cwd);
  let url = all.url ?? ctx.env.IC_SUPPORT_SANDBOX_URL;
  if (!url) {
    try {
      url = (
        JSON.parse(readFileBoundedSync(join(dataDir, 'sandbox.json'), SANDBOX_FILE_LIMIT).toString('utf8')) as {
          url?: string;
        }
      ).url;
    } catch (e) {
      // Absent or unreadable: not running there. Too large or not a file: said as such.
      if (e instanceof FileProblemError) throw e;
    }
  }
  if (!url)
    throw new UsageError(
      `No running sandbox is recorded in ${dataDir}.`,
      'Start one with: ic-support sandbox (or give --url and --data-dir).',
    );
  let adminKey = ctx.env.IC_SUPPORT_SANDBOX_ADMIN_KEY;
  if (!adminKey) {
    try {
      adminKey = readFileBoundedSync(join(dataDir, 'admin-key'), SANDBOX_FILE_LIMIT).toString('utf8').trim();
    } catch (e) {
      if (e instanceof FileProblemError) throw e;
      throw new UsageError(
        `No sandbox admin key in ${dataDir}/admin-key.`,
        'Give the data directory of the running sandbox with --data-dir, or set IC_SUPPORT_SANDBOX_ADMIN_KEY.',
      );
    }
  }
  return { url: url.replace(/\/+$/, ''), adminKey, json: Boolean(all.json), req: all };
}

/** One admin request, through the one portal client (src/portal): its limits, retries and errors. */
async function call(
  ctx: Context,
  t: Resolved,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const client = await ctx.clientFor(t.url);
  try {
    return (
      await ctx.io.wait(
        'Asking the sandbox',
        client.call({
          method,
          path,
          ...(body !== undefined ? { json: body } : {}),
          auth: false,
          headers: { 'x-sandbox-admin': t.adminKey },
          answer: 'unchecked',
        }),
      )
    ).data;
  } catch (e) {
    if (e instanceof AuthError)
      throw new AuthError(e.message, 'The admin key did not match: give the --data-dir of the running sandbox.');
    if (e instanceof UsageError && e.portal?.status === 400)
      throw new UsageError(e.message.replace(/^The portal rejected the request: /, 'The sandbox refused: '));
    if (e instanceof UnavailableError && !e.portal)
      throw new UnavailableError(`No sandbox answers at ${t.url}: ${e.message}`, 'Start one with: ic-support sandbox');
    throw e;
  }
}

const print = async (ctx: Context, t: Resolved, data: unknown, line: string): Promise<void> => {
  if (t.json) await printJson(ctx, data, t.req);
  else ctx.io.out(`${line}\n`);
};

interface Notification {
  id: string;
  kind: string;
  title: string;
  status: string;
  state: string;
  updates: unknown[];
}
const describe = (n: Notification): string =>
  `${n.id}  ${n.kind}  ${n.state}  ${n.status}  ${n.title}  (${n.updates.length} update${n.updates.length === 1 ? '' : 's'})`;

function pick(opts: object, map: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const given = opts as Record<string, unknown>;
  for (const [from, to] of Object.entries(map)) if (given[from] !== undefined) out[to] = given[from];
  return out;
}

const TIME_FIELDS = { title: 'title', status: 'status', startsAt: 'startsAt', endsAt: 'endsAt' };

export const notifyPost: CommandRun<Target & Record<string, unknown>> = async (ctx, _a, opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const n = (await call(ctx, t, 'POST', '/sandbox/v1/notifications', {
    kind: opts.kind,
    ...pick(opts, { ...TIME_FIELDS, body: 'body' }),
  })) as Notification;
  await print(ctx, t, n, `Posted ${describe(n)}`);
};

export const notifyUpdate: CommandRun<Target & Record<string, unknown>> = async (ctx, [id], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const patch = pick(opts, TIME_FIELDS);
  if (!Object.keys(patch).length)
    throw new UsageError('Nothing to change: give --title, --status, --starts-at or --ends-at.');
  const n = (await call(
    ctx,
    t,
    'PATCH',
    `/sandbox/v1/notifications/${encodeURIComponent(id!)}`,
    patch,
  )) as Notification;
  await print(ctx, t, n, `Updated ${describe(n)}`);
};

export const notifyAddUpdate: CommandRun<Target & Record<string, unknown>> = async (ctx, [id], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const n = (await call(
    ctx,
    t,
    'POST',
    `/sandbox/v1/notifications/${encodeURIComponent(id!)}/updates`,
    pick(opts, { body: 'body', status: 'status' }),
  )) as Notification;
  await print(ctx, t, n, `Added an update: ${describe(n)}`);
};

export const notifyClose: CommandRun<Target & Record<string, unknown>> = async (ctx, [id], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const n = (await call(
    ctx,
    t,
    'POST',
    `/sandbox/v1/notifications/${encodeURIComponent(id!)}/close`,
    pick(opts, { body: 'body', status: 'status' }),
  )) as Notification;
  await print(ctx, t, n, `Closed ${describe(n)}`);
};

export const comment: CommandRun<Target & { body: string; status?: string }> = async (ctx, [number], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const c = (await call(
    ctx,
    t,
    'POST',
    `/sandbox/v1/cases/${encodeURIComponent(number!)}/comments`,
    pick(opts, { body: 'body', status: 'status' }),
  )) as { id: string };
  await print(ctx, t, c, `Added vendor comment ${c.id} to case ${number}.`);
};

export const resolve: CommandRun<Target & { resolution: string }> = async (ctx, [number], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const c = (await call(ctx, t, 'POST', `/sandbox/v1/cases/${encodeURIComponent(number!)}/resolve`, {
    resolution: opts.resolution,
  })) as { number: string; status: string };
  await print(ctx, t, c, `Case ${c.number} is ${c.status}, with the resolution.`);
};

export const postResolution: CommandRun<Target & { resolution: string }> = async (ctx, [number], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const c = (await call(ctx, t, 'POST', `/sandbox/v1/cases/${encodeURIComponent(number!)}/resolution`, {
    resolution: opts.resolution,
  })) as { number: string; status: string };
  await print(ctx, t, c, `Case ${c.number} is ${c.status}: the resolution waits for the contact to verify it.`);
};

export const escalate: CommandRun<Target & { note: string; development?: boolean }> = async (
  ctx,
  [number],
  opts,
  cmd,
) => {
  const t = locate(ctx, cmd, opts);
  const c = (await call(ctx, t, 'POST', `/sandbox/v1/cases/${encodeURIComponent(number!)}/escalations`, {
    note: opts.note,
    assignToDevelopment: Boolean(opts.development),
  })) as { id: string };
  await print(
    ctx,
    t,
    c,
    `Added escalation note ${c.id} to case ${number}${opts.development ? '; it is Assigned to Development' : ''}.`,
  );
};

export const clock: CommandRun<Target & { advanceDays?: string }> = async (ctx, _a, opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  let body: { days: number } | undefined;
  if (opts.advanceDays !== undefined) {
    const v = opts.advanceDays.trim();
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 3650)
      throw new UsageError(
        `--advance-days must be a whole number of days from 1 to 3650, not "${opts.advanceDays}".`,
        'For example: --advance-days 15',
      );
    body = { days: Number(v) };
  }
  const c = (await call(ctx, t, body ? 'POST' : 'GET', '/sandbox/v1/clock', body)) as {
    now: string;
    today: string;
    offsetDays: number;
  };
  await print(
    ctx,
    t,
    c,
    `Sandbox clock: ${formatPortalTime(c.now, userTimeZone(ctx.env))} (today ${c.today}; ${c.offsetDays} day${c.offsetDays === 1 ? '' : 's'} ahead of real time).`,
  );
};

interface Mail {
  to: string;
  kind: string;
  subject: string;
  token: string;
  createdAt: string;
}

export const mailbox: CommandRun<Target & { to?: string }> = async (ctx, _a, opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const data = (await call(
    ctx,
    t,
    'GET',
    `/sandbox/v1/mailbox${opts.to ? `?to=${encodeURIComponent(opts.to)}` : ''}`,
  )) as { messages: Mail[] };
  if (t.json) return await print(ctx, t, data, '');
  if (!data.messages.length) return void ctx.io.out('The mailbox is empty.\n');
  const tz = userTimeZone(ctx.env);
  for (const m of data.messages)
    ctx.io.out(`${formatPortalTime(m.createdAt, tz)}  ${m.kind}  to ${m.to}\n  ${m.subject}\n  token: ${m.token}\n`);
};

export const count: CommandRun<Target & { account?: string; subject?: string; search?: string }> = async (
  ctx,
  _a,
  opts,
  cmd,
) => {
  const t = locate(ctx, cmd, opts);
  const q = new URLSearchParams(
    pick(opts, { account: 'account', subject: 'subject', search: 'q' }) as Record<string, string>,
  ).toString();
  const data = (await call(ctx, t, 'GET', `/sandbox/v1/cases/count${q ? `?${q}` : ''}`)) as { count: number };
  await print(ctx, t, data, String(data.count));
};

const RATE_FLAGS: Record<string, [string, 'rate' | 'int']> = {
  latencyMs: ['latencyMs', 'int'],
  errorRate: ['errorRate', 'rate'],
  errorStatus: ['errorStatus', 'int'],
  dropRate: ['dropRate', 'rate'],
  dropAfterRate: ['dropAfterRate', 'rate'],
  rateLimitRate: ['rateLimitRate', 'rate'],
  retryAfter: ['retryAfterSeconds', 'int'],
  limit: ['limit', 'int'],
};

interface FaultState {
  faults: Record<string, unknown>;
  counters: Record<string, number>;
}

const faultLine = (s: FaultState): string => {
  const active = Object.entries(s.faults).filter(([k, v]) =>
    Array.isArray(v)
      ? v.length > 0
      : typeof v === 'number' && v > 0 && !['errorStatus', 'retryAfterSeconds'].includes(k),
  );
  const settings = active.length
    ? active.map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ')
    : 'none';
  return `Faults: ${settings}\nInjected: ${Object.entries(s.counters)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
};

export const faultsSet: CommandRun<Target & Record<string, string | undefined>> = async (ctx, _a, opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const body: Record<string, unknown> = {};
  for (const [flag, [key, kind]] of Object.entries(RATE_FLAGS)) {
    const v = opts[flag];
    if (v === undefined) continue;
    const n = Number(v);
    const name = `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (kind === 'rate' && !(n >= 0 && n <= 1 && v.trim() !== ''))
      throw new UsageError(`${name} must be a share from 0 to 1, such as 0.3; not "${v}".`);
    if (kind === 'int' && !/^\d+$/.test(v.trim())) throw new UsageError(`${name} must be a whole number, not "${v}".`);
    body[key] = n;
  }
  if (opts.paths !== undefined)
    body.paths = opts.paths
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  const s = (await call(ctx, t, 'PUT', '/sandbox/v1/faults', body)) as FaultState;
  await print(ctx, t, s, faultLine(s));
};

export const faultsShow: CommandRun<Target> = async (ctx, _a, opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const s = (await call(ctx, t, 'GET', '/sandbox/v1/faults')) as FaultState;
  await print(ctx, t, s, faultLine(s));
};

export const faultsClear: CommandRun<Target> = async (ctx, _a, opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  await call(ctx, t, 'DELETE', '/sandbox/v1/faults');
  await print(ctx, t, { cleared: true }, 'Faults cleared.');
};
