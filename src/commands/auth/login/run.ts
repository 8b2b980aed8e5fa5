import type { CommandRun } from '../../../cli/context.js';
import { UsageError } from '../../../errors.js';
import { readStreamText } from '../../../io/bounded-read.js';
import { checkEmail, validateEmail } from '../../../domain/email.js';
import { readSecretLines } from '../../../input/secrets.js';
import { signedInLine } from '../shared/messages.js';
import { signIn } from '../shared/sign-in.js';
import type { LoginOptions } from './options.js';

export const run: CommandRun<LoginOptions> = async (ctx, _args, opts) => {
  if (opts.password !== undefined) {
    throw new UsageError(
      'A password is never taken from the command line: every user of this machine can read it (and your shell history keeps it).',
      'Pipe it in instead: printf %s "$IC_PASSWORD" | ic-support login --email you@district.org --password-stdin (or run ic-support login at a terminal to be asked).',
    );
  }
  if (opts.withToken && opts.passwordStdin)
    throw new UsageError('--with-token and --password-stdin both read standard input; give one of them.');
  const client = await ctx.portal();
  const s = await ctx.settings();

  if (opts.withToken) {
    const token = (await readStreamText(ctx.io.stdin, { bytes: 16 * 1024, what: 'a token' })).trim();
    if (!token || /\s/.test(token))
      throw new UsageError(
        '--with-token: standard input must hold one token.',
        'Pipe it in: ic-support login --with-token < token.txt',
      );
    client.setToken(token);
    // Check it before storing it: a wrong token is an auth error now, not later.
    const me = await ctx.io.wait('Checking the token with the portal', client.me());
    const store = await ctx.config();
    store.setCredential(s.profile, {
      token,
      portalUrl: client.portalUrl,
      expiresAt: me.token.expiresAt,
      email: me.contact.email,
    });
    ctx.io.err(signedInLine(ctx, client.portalUrl, me.contact, s.profile, me.token.expiresAt));
    return;
  }

  let email: string;
  let password: string;
  if (opts.passwordStdin) {
    if (!opts.email)
      throw new UsageError(
        '--password-stdin needs --email.',
        'printf %s "$IC_PASSWORD" | ic-support login --email you@district.org --password-stdin',
      );
    email = checkEmail(opts.email);
    [password] = (await readSecretLines(ctx.io, 1, 'the password')) as [string];
  } else if (ctx.io.canPrompt()) {
    const p = await ctx.prompter();
    email = opts.email ? checkEmail(opts.email) : (await p.input('Email:', { validate: validateEmail })).trim();
    password = await p.password('Password:', { validate: (v) => (v.length > 0 ? true : 'Enter your password') });
  } else {
    throw new UsageError(
      'Cannot ask for the email and password: no terminal (or --no-input / CI is set).',
      'Give --email and pipe the password: printf %s "$IC_PASSWORD" | ic-support login --email you@district.org --password-stdin\nor pipe a token: ic-support login --with-token < token.txt (in CI, IC_SUPPORT_TOKEN is simpler)',
    );
  }
  const contact = await signIn(ctx, email, password);
  const stored = (await ctx.config()).credential(s.profile);
  ctx.io.err(signedInLine(ctx, client.portalUrl, contact, s.profile, stored?.expiresAt));
};
