/** What the auth verbs say alike: the signed-in line, and a profile named in a suggested command. */
import type { Context } from '../../../cli/context.js';
import { showControlsIn } from '../../../text/show-controls.js';
import type { Contact } from '../../../portal/schemas.js';
import { formatPortalTime } from '../../../domain/case-view.js';
import { userTimeZone } from '../../../domain/time-zone.js';

/** Where a profile name appears in a suggested command. */
export const profileFlag = (profile: string): string =>
  profile === 'default' || profile === 'sandbox' ? '' : ` --profile ${profile}`;

function describeContact(c: Contact): string {
  return `${c.name} <${c.email}>, ${c.role} contact`;
}

/** After login, activate and reset-password: who is signed in, where, for how long. */
export function signedInLine(
  ctx: Context,
  portalUrl: string,
  c: Contact,
  profile: string,
  expiresAt: string | undefined,
): string {
  const exp = expiresAt ? `; the sign-in lasts until ${formatPortalTime(expiresAt, userTimeZone(ctx.env))}` : '';
  const envNote =
    ctx.env.IC_SUPPORT_TOKEN && !ctx.globals.sandbox
      ? '\nNote: IC_SUPPORT_TOKEN is set in the environment and is used instead of the stored token.'
      : '';
  return `Signed in to ${portalUrl} as ${describeContact(showControlsIn(c))} (profile "${profile}"${exp}).${envNote}\n`;
}
