/**
 * What the portal's guide asks people to look at before filing, on every path of `case submit`
 * (the form, flags, a case file, a draft): the open notifications that may match, and the
 * retention window where it applies. At a terminal the user says which one the case is about (it
 * goes into the case text); without one the list is only a note on stderr: never a question,
 * never a block, and stdout (--json) untouched.
 */
import type { Context } from '../../../cli/context.js';
import type { CaseTypeDef } from '../../../domain/catalog/types.js';
import { relevantToNewCase } from '../../../domain/notifications.js';
import type { RelatedNotification } from '../../../domain/submission.js';
import { CliError } from '../../../errors.js';
import { styler } from '../../../io/style.js';
import type { Notifications } from '../../../portal/schemas.js';
import { showControlsIn } from '../../../text/show-controls.js';

/**
 * Lists on stderr the open notifications a new case may be about, and returns them; none when
 * there are none or they cannot be read (a note under --verbose: they never stop a filing).
 */
export async function listOpenNotifications(
  ctx: Pick<Context, 'io' | 'clock' | 'debug'>,
  openNotifications: () => Promise<Notifications>,
): Promise<Notifications['notifications']> {
  let open;
  try {
    open = showControlsIn(relevantToNewCase((await openNotifications()).notifications, ctx.clock.now()));
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    ctx.debug(`notifications not shown: ${e.message}`);
    return [];
  }
  if (!open.length) return open;
  const s = styler(ctx.io.colorErr);
  ctx.io.err(
    `${s.yellow('Open notifications')} (if one matches, please still file: it helps Infinite Campus see the scope):\n`,
  );
  for (const n of open) ctx.io.err(`  [${n.kind}] ${n.title} (${n.status})  id ${n.id}\n`);
  return open;
}

/** Returns the notification the user says the case is about (at a terminal). */
export async function showGuidance(
  ctx: Pick<Context, 'io' | 'clock' | 'prompter' | 'debug'>,
  type: CaseTypeDef,
  openNotifications: () => Promise<Notifications>,
  /** The notification chosen before (a resumed draft): kept, not asked again. */
  current?: RelatedNotification,
): Promise<RelatedNotification | undefined> {
  const s = styler(ctx.io.colorErr);
  if (type.guidance.includes('retention-window')) ctx.io.err(`${s.yellow('Note:')} ${type.description}\n`);
  if (current) {
    ctx.io.err(`${s.yellow('This case is about')} ${current.title} (${current.id}).\n`);
    return current;
  }
  const open = await listOpenNotifications(ctx, openNotifications);
  if (!open.length) return undefined;
  if (!ctx.io.canPrompt()) {
    ctx.io.err('  (No terminal, so not asked: if the case is about one of them, say so in a comment on it.)\n');
    return undefined;
  }
  // Outside the try: Ctrl-C at this question interrupts the submission like at any other.
  const none = '\u0000none';
  const pick = await (
    await ctx.prompter()
  ).select(
    'Is this case about one of them?',
    [{ value: none, name: 'No' }, ...open.map((n) => ({ value: n.id, name: n.title }))],
    { default: none },
  );
  const n = open.find((x) => x.id === pick);
  return n ? { id: n.id, title: n.title } : undefined;
}
