import { formatPortalTime } from '../../../domain/case-view.js';
import { userTimeZone } from '../../../domain/time-zone.js';
import type { CommandRun } from '../../../cli/context.js';
import { AuthError, UsageError } from '../../../errors.js';
import { profileFlag } from '../shared/messages.js';

export const run: CommandRun<object> = async (ctx) => {
  const s = await ctx.settings();
  if (s.token?.source === 'env') {
    throw new UsageError(
      'The token in use comes from IC_SUPPORT_TOKEN; logout removes only stored tokens.',
      'Unset IC_SUPPORT_TOKEN in your environment (and revoke that token where it was made).',
    );
  }
  const store = await ctx.config();
  const cred = store.credential(s.profile);
  if (!cred) {
    ctx.io.err(`Not signed in (profile "${s.profile}"); nothing to do.\n`);
    return;
  }
  let revoked = false;
  let why = '';
  if (s.token && s.portalUrl && cred.portalUrl === s.portalUrl.value) {
    const client = await ctx.portal();
    try {
      await ctx.io.wait('Revoking the token at the portal', client.deleteSession());
      revoked = true;
    } catch (e) {
      // Revoked or expired already: removing it here is all that is left to do.
      if (e instanceof AuthError) revoked = true;
      else why = e instanceof Error ? e.message : String(e);
    }
  } else {
    why = `profile "${s.profile}" now points at ${s.portalUrl?.value ?? 'no portal'}, not at ${cred.portalUrl} which issued the token`;
  }
  store.deleteCredential(s.profile);
  if (revoked) {
    ctx.io.err(`Signed out of ${cred.portalUrl} (profile "${s.profile}"): the token was revoked and removed.\n`);
    return;
  }
  ctx.io.err(
    `Signed out (profile "${s.profile}"): the token was removed from this machine, but could not be revoked at ${cred.portalUrl}: ${why}\n` +
      `It stays valid until it expires${cred.expiresAt ? ` (${formatPortalTime(cred.expiresAt, userTimeZone(ctx.env))})` : ''}. To sign in again: ic-support login${profileFlag(s.profile)}\n`,
  );
};
