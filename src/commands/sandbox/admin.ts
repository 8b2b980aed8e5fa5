/**
 * The vendor's side of a running sandbox, over HTTP (/sandbox/v1 with the admin key): notifications,
 * vendor comments, resolutions, the mailbox, faults, case counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CommandRun, Context } from '../../cli/context.js';
import { AuthError, CliError, ExitCode, NotFoundError, UnavailableError, UsageError, ValidationError, type FieldIssue } from '../../errors.js';
import { sandboxDataDir } from './paths.js';

interface Target {
  url?: string;
  dataDir?: string;
  json?: boolean;
}

interface Resolved {
  url: string;
  adminKey: string;
  json: boolean;
}

function locate(ctx: Context, command: Command, opts: Target): Resolved {
  const all = { ...(command.optsWithGlobals() as Target), ...opts };
  const dataDir = sandboxDataDir(ctx.env, all.dataDir);
  let url = all.url ?? ctx.env.IC_SUPPORT_SANDBOX_URL;
  if (!url) {
    try {
      url = (JSON.parse(readFileSync(join(dataDir, 'sandbox.json'), 'utf8')) as { url?: string }).url;
    } catch {
      // not running there
    }
  }
  if (!url) throw new UsageError(`No running sandbox is recorded in ${dataDir}.`, 'Start one with: ic-support sandbox (or give --url and --data-dir).');
  let adminKey = ctx.env.IC_SUPPORT_SANDBOX_ADMIN_KEY;
  if (!adminKey) {
    try {
      adminKey = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
    } catch {
      throw new UsageError(`No sandbox admin key in ${dataDir}/admin-key.`, 'Give the data directory of the running sandbox with --data-dir, or set IC_SUPPORT_SANDBOX_ADMIN_KEY.');
    }
  }
  return { url: url.replace(/\/+$/, ''), adminKey, json: Boolean(all.json) };
}

async function call(t: Resolved, method: string, path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${t.url}${path}`, {
      method,
      headers: { 'X-Sandbox-Admin': t.adminKey, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (e) {
    throw new UnavailableError(`No sandbox answers at ${t.url} (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}).`, 'Start one with: ic-support sandbox');
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (res.ok) return data;
  const err = (data as { error?: { code?: string; message?: string; fields?: FieldIssue[] } } | undefined)?.error;
  const message = err?.message ?? `The sandbox answered ${res.status}.`;
  if (res.status === 422 && err?.fields) throw new ValidationError(err.fields);
  if (res.status === 401) throw new AuthError(message, 'The admin key did not match: give the --data-dir of the running sandbox.');
  if (res.status === 404) throw new NotFoundError(message);
  if (res.status >= 500) throw new UnavailableError(message);
  throw new CliError(message, ExitCode.usage);
}

const print = (ctx: Context, t: Resolved, data: unknown, line: string): void => {
  ctx.io.out(t.json ? `${JSON.stringify(data, null, 2)}\n` : `${line}\n`);
};

interface Notification {
  id: string;
  kind: string;
  title: string;
  status: string;
  state: string;
  updates: unknown[];
}
const describe = (n: Notification): string => `${n.id}  ${n.kind}  ${n.state}  ${n.status}  ${n.title}  (${n.updates.length} update${n.updates.length === 1 ? '' : 's'})`;

function pick(opts: object, map: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const given = opts as Record<string, unknown>;
  for (const [from, to] of Object.entries(map)) if (given[from] !== undefined) out[to] = given[from];
  return out;
}

const TIME_FIELDS = { title: 'title', status: 'status', startsAt: 'startsAt', endsAt: 'endsAt' };

export const notifyPost: CommandRun<Target & Record<string, unknown>> = async (ctx, _a, opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const n = (await call(t, 'POST', '/sandbox/v1/notifications', { kind: opts.kind, ...pick(opts, { ...TIME_FIELDS, body: 'body' }) })) as Notification;
  print(ctx, t, n, `Posted ${describe(n)}`);
};

export const notifyUpdate: CommandRun<Target & Record<string, unknown>> = async (ctx, [id], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const patch = pick(opts, TIME_FIELDS);
  if (!Object.keys(patch).length) throw new UsageError('Nothing to change: give --title, --status, --starts-at or --ends-at.');
  const n = (await call(t, 'PATCH', `/sandbox/v1/notifications/${encodeURIComponent(id!)}`, patch)) as Notification;
  print(ctx, t, n, `Updated ${describe(n)}`);
};

export const notifyAddUpdate: CommandRun<Target & Record<string, unknown>> = async (ctx, [id], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const n = (await call(t, 'POST', `/sandbox/v1/notifications/${encodeURIComponent(id!)}/updates`, pick(opts, { body: 'body', status: 'status' }))) as Notification;
  print(ctx, t, n, `Added an update: ${describe(n)}`);
};

export const notifyClose: CommandRun<Target & Record<string, unknown>> = async (ctx, [id], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const n = (await call(t, 'POST', `/sandbox/v1/notifications/${encodeURIComponent(id!)}/close`, pick(opts, { body: 'body', status: 'status' }))) as Notification;
  print(ctx, t, n, `Closed ${describe(n)}`);
};

export const comment: CommandRun<Target & { body: string; status?: string }> = async (ctx, [number], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const c = (await call(t, 'POST', `/sandbox/v1/cases/${encodeURIComponent(number!)}/comments`, pick(opts, { body: 'body', status: 'status' }))) as { id: string };
  print(ctx, t, c, `Added vendor comment ${c.id} to case ${number}.`);
};

export const resolve: CommandRun<Target & { resolution: string }> = async (ctx, [number], opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const c = (await call(t, 'POST', `/sandbox/v1/cases/${encodeURIComponent(number!)}/resolve`, { resolution: opts.resolution })) as { number: string; status: string };
  print(ctx, t, c, `Case ${c.number} is ${c.status}, with the resolution.`);
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
  const data = (await call(t, 'GET', `/sandbox/v1/mailbox${opts.to ? `?to=${encodeURIComponent(opts.to)}` : ''}`)) as { messages: Mail[] };
  if (t.json) return print(ctx, t, data, '');
  if (!data.messages.length) return void ctx.io.out('The mailbox is empty.\n');
  for (const m of data.messages) ctx.io.out(`${m.createdAt}  ${m.kind}  to ${m.to}\n  ${m.subject}\n  token: ${m.token}\n`);
};

export const count: CommandRun<Target & { account?: string; subject?: string; search?: string }> = async (ctx, _a, opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const q = new URLSearchParams(pick(opts, { account: 'account', subject: 'subject', search: 'q' }) as Record<string, string>).toString();
  const data = (await call(t, 'GET', `/sandbox/v1/cases/count${q ? `?${q}` : ''}`)) as { count: number };
  print(ctx, t, data, String(data.count));
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
  const active = Object.entries(s.faults).filter(([k, v]) => (Array.isArray(v) ? v.length > 0 : typeof v === 'number' && v > 0 && !['errorStatus', 'retryAfterSeconds'].includes(k)));
  const settings = active.length ? active.map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ') : 'none';
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
    if (kind === 'rate' && !(n >= 0 && n <= 1 && v.trim() !== '')) throw new UsageError(`${name} must be a share from 0 to 1, such as 0.3; not "${v}".`);
    if (kind === 'int' && !/^\d+$/.test(v.trim())) throw new UsageError(`${name} must be a whole number, not "${v}".`);
    body[key] = n;
  }
  if (opts.paths !== undefined) body.paths = opts.paths.split(',').map((p) => p.trim()).filter(Boolean);
  const s = (await call(t, 'PUT', '/sandbox/v1/faults', body)) as FaultState;
  print(ctx, t, s, faultLine(s));
};

export const faultsShow: CommandRun<Target> = async (ctx, _a, opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  const s = (await call(t, 'GET', '/sandbox/v1/faults')) as FaultState;
  print(ctx, t, s, faultLine(s));
};

export const faultsClear: CommandRun<Target> = async (ctx, _a, opts, cmd) => {
  const t = locate(ctx, cmd, opts);
  await call(t, 'DELETE', '/sandbox/v1/faults');
  print(ctx, t, { cleared: true }, 'Faults cleared.');
};
