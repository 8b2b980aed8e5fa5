/** `ic-support auth …` and its top-level aliases: declarations; each verb runs from its own module. */
import { Option, type Command } from 'commander';
import type { Declare, Lazy } from '../../cli/program.js';
import { addExamples, examples } from '../../cli/help.js';
import { jqOption, jsonOption } from '../../cli/json-flags.js';

/**
 * `auth` and its verbs; the same function declares the top-level shortcuts `login`, `logout` and
 * `whoami` (hidden), which are the auth verbs of the same names.
 */
export const declareAuth: Declare = (cmd, lazy) => {
  const shortcut = SHORTCUTS[cmd.name()];
  if (shortcut) {
    shortcut(cmd, lazy);
    return;
  }
  const a = cmd;
  login(a.command('login'), lazy);
  logout(a.command('logout'), lazy);
  status(a.command('status'), lazy);
  activateAndReset(a, lazy);
  addExamples(a, {
    '': ['ic-support auth login', 'ic-support auth status --json', 'ic-support auth logout'],
  });
};

const login = (c: Command, lazy: Lazy): Command =>
  c
    .description('sign in to the portal and store a token for this profile (never the password)')
    .option('--email <email>', 'your email address (prompted on a terminal)')
    .option('--password-stdin', 'read the password from standard input (for scripts)')
    .option('--with-token', 'read an existing token from standard input instead of signing in')
    // Declared only to answer it: a password in argv is readable by every user of the machine.
    .addOption(new Option('--password <password>').hideHelp())
    .addHelpText(
      'after',
      `${examples(
        'ic-support login',
        'printf %s "$IC_PASSWORD" | ic-support login --email you@district.org --password-stdin',
        'ic-support login --with-token < token.txt',
        'ic-support login --profile staging',
      )}
Secrets are never taken from the command line (other users could read them). In CI, prefer the
IC_SUPPORT_TOKEN environment variable: it overrides the stored token.
`,
    )
    .action(lazy(() => import('./login.js')));

const logout = (c: Command, lazy: Lazy): Command =>
  c
    .description('revoke the token at the portal and remove it from this profile')
    .addHelpText('after', examples('ic-support logout', 'ic-support logout --profile staging'))
    .action(lazy(() => import('./logout.js')));

/** What `auth status --json` prints (src/commands/auth/status.ts): a wrong field is refused before the portal is asked. */
export const STATUS_FIELDS = ['portalUrl', 'notificationsUrl', 'profile', 'contact', 'districts', 'token'] as const;

const status = (c: Command, lazy: Lazy): Command =>
  c
    .description('who is signed in: name, role, districts, profile, where the token came from and when it expires')
    .addOption(jsonOption('who is signed in', STATUS_FIELDS))
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support whoami', 'ic-support auth status --json | jq -r .contact.email')}Exit 0 when signed in, 3 when not (or the token has expired or was revoked).\n`,
    )
    .action(lazy(() => import('./status.js')));

const SHORTCUTS: Record<string, (c: Command, lazy: Lazy) => Command> = { login, logout, whoami: status };

function activateAndReset(a: Command, lazy: Lazy): void {
  const stdinHelp = `Non-interactively: first run it with --email to have the token emailed; then run it again with
--confirm --stdin and give the emailed token on the first line of standard input and the new
password on the second (its length is the portal's rule: ic-support catalog status shows it).
Secrets are never taken from the command line.
`;
  a.command('activate')
    .description('first sign-in: have an activation token emailed, then confirm the account and set a password')
    .option('--email <email>', 'the email address of your contact record')
    .option('--confirm', 'skip the request: you already have the emailed token')
    .addOption(new Option('--stdin', 'read the token and the new password from standard input (two lines)'))
    .addHelpText(
      'after',
      `${examples('ic-support auth activate --email you@district.org', 'printf "%s\\n%s\\n" "$TOKEN" "$NEW_PASSWORD" | ic-support auth activate --confirm --stdin')}${stdinHelp}`,
    )
    .action(lazy(() => import('./activate.js')));

  a.command('reset-password')
    .description('forgot your password: have a reset token emailed, then set a new password with it')
    .option('--email <email>', 'the email address of your contact record')
    .option('--confirm', 'skip the request: you already have the emailed token')
    .addOption(new Option('--stdin', 'read the token and the new password from standard input (two lines)'))
    .addHelpText(
      'after',
      `${examples('ic-support auth reset-password --email you@district.org', 'printf "%s\\n%s\\n" "$TOKEN" "$NEW_PASSWORD" | ic-support auth reset-password --confirm --stdin --email you@district.org')}${stdinHelp}With --email, you are signed in with the new password afterwards.
`,
    )
    .action(lazy(() => import('./reset-password.js')));
}
