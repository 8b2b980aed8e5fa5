import type { CommandRun } from '../../../../cli/context.js';
import { printJson } from '../../../../cli/json-output.js';
import { formatPortalTime } from '../../../../domain/case-view.js';
import { userTimeZone } from '../../../../domain/time-zone.js';
import { UsageError, ValidationError } from '../../../../errors.js';
import { showControlsIn } from '../../../../text/show-controls.js';
import { DEFAULT_DAYS, type CreateOptions } from './options.js';

/**
 * --expires-in as whole days, at least 1; the flag named in the message. The longest life is the
 * portal's to set (the contract's sandbox allows 365 days): a longer one is refused by the portal,
 * in its words, not by a bound of ours.
 */
export function expiryDays(given: string | undefined): number {
  if (given === undefined) return DEFAULT_DAYS;
  const days = Number(given.trim());
  if (!/^\d+$/.test(given.trim()) || days < 1)
    throw new UsageError(
      `--expires-in must be a whole number of days, at least 1 (not "${given}").`,
      `For example: --expires-in 30. A token that must live longer is made again before it expires.`,
    );
  return days;
}

/** The request's members and the flags the user typed them as. */
const BODY_FLAGS: Record<string, string> = { expiresInDays: '--expires-in', name: '--name', scope: '--scope' };

/**
 * The portal's 422 names the members of the request body (`expiresInDays must be … from 1 to
 * 365`): said with the flag the user typed, as case list says its filters; the exit code kept (2).
 */
function asFlagProblems(e: unknown): unknown {
  if (!(e instanceof ValidationError) || e.portal?.status !== 422) return e;
  // In the text only the member no English word spells: "name" and "scope" are words too.
  const issues = e.issues.map((i) => ({
    ...i,
    field: BODY_FLAGS[i.field] ?? i.field,
    message: i.message.replace(/\bexpiresInDays\b/g, '--expires-in'),
  }));
  return new ValidationError(
    issues,
    e.source,
    e.hint ?? 'See what each flag takes: ic-support auth token create --help',
  ).withPortal(e.portal);
}

export const run: CommandRun<CreateOptions> = async (ctx, _args, opts) => {
  const name = opts.name.trim();
  if (!name)
    throw new UsageError('--name needs some text: what the token is for.', 'For example: --name "nightly report"');
  const expiresInDays = expiryDays(opts.expiresIn);
  const client = await ctx.portal();
  const t = await ctx.io
    .wait('Creating the token', client.createPersonalToken({ name, expiresInDays, scope: opts.scope }))
    .catch((e: unknown) => {
      throw asFlagProblems(e);
    });
  if (opts.json) return printJson(ctx, t, opts);
  ctx.io.out(`${t.token}\n`);
  ctx.io.err(
    `Created token ${showControlsIn(t.id)} "${showControlsIn(t.name)}" (scope ${showControlsIn(t.scope)}, expires ${formatPortalTime(t.expiresAt, userTimeZone(ctx.env))}).\n` +
      'It is shown this once: store it as a secret of the job and give it as IC_SUPPORT_TOKEN. Revoke it with: ic-support auth token revoke ' +
      `${showControlsIn(t.id)}\n`,
  );
};
