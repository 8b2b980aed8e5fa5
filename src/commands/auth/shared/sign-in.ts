/**
 * Signing in with an email and a password (login, and activate and reset-password once the new
 * password is set): the token is stored for the profile (src/config/store.ts), never the password.
 */
import type { Context } from '../../../cli/context.js';
import { AuthError, CliError } from '../../../errors.js';
import type { Contact } from '../../../portal/schemas.js';
import { profileFlag } from './messages.js';

export async function signIn(ctx: Context, email: string, password: string): Promise<Contact> {
  const client = await ctx.portal();
  const s = await ctx.settings();
  let session;
  try {
    session = await ctx.io.wait(`Signing in as ${email}`, client.createSession(email, password));
  } catch (e) {
    if (e instanceof CliError && e.portal?.code === 'account_not_activated') {
      throw new AuthError(
        `The account ${email} has not been activated yet.`,
        `Activate it (an email with a token is sent): ic-support auth activate --email ${email}${profileFlag(s.profile)}`,
      );
    }
    throw e;
  }
  const store = await ctx.config();
  store.setCredential(s.profile, {
    token: session.token,
    portalUrl: client.portalUrl,
    expiresAt: session.expiresAt,
    email: session.contact.email,
  });
  client.setToken(session.token);
  ctx.debug(`token stored for profile "${s.profile}" in ${store.paths.credentialsFile}`);
  return session.contact;
}
