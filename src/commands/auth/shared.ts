/** What the auth verbs share: reading secrets from stdin, checking an email, storing a session. */
import type { Context } from '../../cli/context.js';
import { showControlsIn } from '../../text/show-controls.js';
import { AuthError, CliError, UsageError, ValidationError } from '../../errors.js';
import { readStreamText } from '../../io/bounded-read.js';
import type { Contact } from '../../portal/schemas.js';
import { formatPortalTime } from '../../domain/case-view.js';
import { userTimeZone } from '../../domain/time-zone.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(email: string, flag = '--email'): string {
  const e = email.trim();
  if (!EMAIL.test(e))
    throw new UsageError(
      `${flag} "${email}" is not an email address`,
      'Give the email address of your contact record, such as you@district.org.',
    );
  return e;
}

export const validateEmail = (v: string): true | string =>
  EMAIL.test(v.trim()) ? true : 'Enter an email address, such as you@district.org';
/**
 * The password length the guide never states: the portal's, when its catalog gives it (checked here
 * before anything is sent), else the bundled default, only shown (the portal checks).
 */
export interface PasswordRule {
  /** Checked locally: the portal's stated minimum, else 0. */
  min: number;
  /** For prompts and messages: "at least 12 characters (this portal's limit)". */
  words: string;
}

export async function passwordRule(ctx: Context): Promise<PasswordRule> {
  const [{ loadCatalog }, { enforcedLimit, limitOf }, { limitWhose }] = await Promise.all([
    import('../catalog/load.js'),
    import('../../domain/catalog/merge.js'),
    import('../../domain/catalog/describe.js'),
  ]);
  const { view } = await loadCatalog(ctx, { refresh: 'if-stale' });
  const pw = limitOf(view, 'passwordMinLength');
  if (!pw) return { min: 0, words: 'the portal checks its length' };
  return {
    min: enforcedLimit(view, 'passwordMinLength') ?? 0,
    words: `at least ${pw.value} characters (${limitWhose(pw.from)})`,
  };
}

export const validatePassword =
  (rule: PasswordRule) =>
  (v: string): true | string =>
    v.length >= rule.min ? true : `At least ${rule.min} characters (this portal's limit)`;

export function checkNewPassword(pw: string, rule: PasswordRule): string {
  if (pw.length < rule.min)
    throw new ValidationError(
      [{ field: 'password', message: `must be ${rule.words} (it has ${pw.length})` }],
      'standard input',
    );
  return pw;
}

/** Reads up to `count` lines of secrets from stdin; trailing newlines are not part of them. */
export async function readStdinLines(ctx: Context, count: number, what: string): Promise<string[]> {
  if (ctx.io.stdinIsTTY && !ctx.io.promptDisabled)
    ctx.io.err(`Reading ${what} from standard input (end with Ctrl-D)…\n`);
  const text = await readStreamText(ctx.io.stdin, { bytes: 64 * 1024, what: what });
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length < count || lines.slice(0, count).some((l) => l === '')) {
    throw new UsageError(
      `Standard input must hold ${what}, one per line.`,
      'Pipe them in, e.g. printf "%s\\n%s\\n" "$TOKEN" "$NEW_PASSWORD" | ic-support …',
    );
  }
  return lines.slice(0, count);
}

/** Where a profile name appears in a suggested command. */
export const profileFlag = (profile: string): string =>
  profile === 'default' || profile === 'sandbox' ? '' : ` --profile ${profile}`;

export function describeContact(c: Contact): string {
  return `${c.name} <${c.email}>, ${c.role} contact`;
}

/** Signs in with email and password and stores the token (never the password) for the profile. */
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
