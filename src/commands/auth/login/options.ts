import { Option, type Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';

export const declareLogin = (c: Command) =>
  c
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
    );

export type LoginOptions = OptionsOf<typeof declareLogin>;
