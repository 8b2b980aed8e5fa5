/**
 * The vendor's side of a running sandbox, over HTTP (/sandbox/v1 with the admin key): where the
 * sandbox runs and its key (`locate`), one admin request (`call`), and its answer printed. Every
 * admin verb (notify, comment, resolve, post-resolution, escalate, clock, mailbox, count, faults)
 * runs through here.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../../../cli/context.js';
import { AuthError, FileProblemError, UnavailableError, UsageError } from '../../../errors.js';
import { readFileBoundedSync } from '../../../io/bounded-read.js';
import { SANDBOX_FILE_LIMIT } from '../../../sandbox/record-files.js';
import { sandboxDataDir } from '../paths.js';
import { adoptParentJson, printJson, type JsonRequest } from '../../../cli/json-output.js';
import type { AdminTargetOptions } from './admin-target.js';

/** The running sandbox an admin verb talks to. */
interface Resolved {
  url: string;
  adminKey: string;
  json: boolean;
  req: JsonRequest;
}

export function locate(ctx: Context, command: Command, opts: AdminTargetOptions): Resolved {
  adoptParentJson(opts, command.optsWithGlobals() as JsonRequest);
  const all: AdminTargetOptions & JsonRequest = { ...(command.optsWithGlobals() as AdminTargetOptions), ...opts };
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
export async function call(
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

export const print = async (ctx: Context, t: Resolved, data: unknown, line: string): Promise<void> => {
  if (t.json) await printJson(ctx, data, t.req);
  else ctx.io.out(`${line}\n`);
};

/** The flags given, under the names the admin API takes. */
export function pick(opts: object, map: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const given = opts as Record<string, unknown>;
  for (const [from, to] of Object.entries(map)) if (given[from] !== undefined) out[to] = given[from];
  return out;
}
