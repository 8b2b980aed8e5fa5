/**
 * Activation and password reset are the same two steps: ask the portal to email a token, then
 * confirm with that token and a new password. Token and password come from hidden prompts or from
 * standard input, never from the command line.
 */
import type { Context } from '../../../cli/context.js';
import { UsageError } from '../../../errors.js';
import type { Contact } from '../../../portal/schemas.js';
import { checkEmail, validateEmail } from '../../../domain/email.js';
import { checkNewPassword, passwordRule, validatePassword, type PasswordRule } from '../../../domain/password.js';
import { readSecretLines } from '../../../input/secrets.js';
import type { TokenFlowOptions } from '../options.js';
import { profileFlag, signedInLine } from './messages.js';
import { signIn } from './sign-in.js';
import { withArticle } from '../../../domain/text.js';

interface Flow {
  verb: 'activate' | 'reset-password';
  what: string;
  request(email: string): Promise<void>;
  /** Returns the contact when the portal says who it was. */
  confirm(token: string, password: string): Promise<Contact | undefined>;
}

export async function tokenFlow(ctx: Context, opts: TokenFlowOptions, flow: Flow): Promise<number | void> {
  const client = await ctx.portal();
  const s = await ctx.settings();
  const cmd = `ic-support auth ${flow.verb}${profileFlag(s.profile)}`;
  const interactive = ctx.io.canPrompt() && !opts.stdin;
  let email = opts.email ? checkEmail(opts.email) : undefined;

  if (!opts.confirm) {
    if (!email) {
      if (!interactive)
        throw new UsageError(
          `--email is required to have the ${flow.what} token emailed.`,
          `${cmd} --email you@district.org`,
        );
      email = (await (await ctx.prompter()).input('Email of your contact record:', { validate: validateEmail })).trim();
    }
    await ctx.io.wait(`Asking the portal to email ${withArticle(flow.what)} token`, flow.request(email));
    ctx.io.err(
      `If ${email} has a contact record${flow.verb === 'activate' ? ' that is not yet activated' : ''}, an email with ${withArticle(flow.what)} token is on its way.\n`,
    );
    if (!interactive && !opts.stdin) {
      ctx.io.err(
        `Then run: printf "%s\\n%s\\n" "$TOKEN" "$NEW_PASSWORD" | ${cmd} --confirm --stdin --email ${email}\n(the emailed token on the first line, the new password on the second; ic-support catalog status shows the portal's password length)\n`,
      );
      return;
    }
  }

  let token: string;
  let password: string;
  if (opts.stdin) {
    [token, password] = (await readSecretLines(ctx.io, 2, 'the emailed token and the new password')) as [
      string,
      string,
    ];
    token = token.trim();
    checkNewPassword(password, await portalPasswordRule(ctx));
  } else if (interactive) {
    const p = await ctx.prompter();
    token = (
      await p.password('Token from the email:', {
        validate: (v) => (v.trim() ? true : 'Paste the token from the email'),
      })
    ).trim();
    const rule = await portalPasswordRule(ctx);
    password = await p.password(`New password (${rule.words}):`, { validate: validatePassword(rule) });
    const again = await p.password('New password again:');
    if (again !== password)
      throw new UsageError('The two passwords differ; nothing was changed.', `Run ${cmd} --confirm again.`);
  } else {
    throw new UsageError(
      'Cannot ask for the token and the new password: no terminal (or --no-input / CI is set).',
      `Pipe them in, one per line: printf "%s\\n%s\\n" "$TOKEN" "$NEW_PASSWORD" | ${cmd} --confirm --stdin${email ? ` --email ${email}` : ''}`,
    );
  }

  const contact = await ctx.io.wait(
    flow.verb === 'activate' ? 'Activating the account' : 'Setting the new password',
    flow.confirm(token, password),
  );
  const who = contact?.email ?? email;
  ctx.io.err(
    flow.verb === 'activate' ? 'The account is activated and its password set.\n' : 'The password is changed.\n',
  );
  if (!who) {
    ctx.io.err(`Sign in with: ic-support login${profileFlag(s.profile)}\n`);
    return;
  }
  const signedIn = await signIn(ctx, who, password);
  const stored = (await ctx.config()).credential(s.profile);
  ctx.io.err(signedInLine(ctx, client.portalUrl, signedIn, s.profile, stored?.expiresAt));
}

/** The password rule of the catalog in use, refreshed when stale (read only when a password is set). */
async function portalPasswordRule(ctx: Context): Promise<PasswordRule> {
  const { loadCatalog } = await import('../../catalog/load.js');
  const { catalog: view } = await loadCatalog(ctx, { refresh: 'if-stale' });
  return passwordRule(view);
}
