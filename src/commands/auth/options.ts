/** The flags activate and reset-password share: the same two steps (src/commands/auth/shared/token-flow.ts). */
import { Option, type Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../cli/command-tree.js';

export const declareTokenFlow = (c: Command) =>
  c
    .option('--email <email>', 'the email address of your contact record')
    .option('--confirm', 'skip the request: you already have the emailed token')
    .addOption(new Option('--stdin', 'read the token and the new password from standard input (two lines)'));

export type TokenFlowOptions = OptionsOf<typeof declareTokenFlow>;

export const TOKEN_FLOW_HELP = `Non-interactively: first run it with --email to have the token emailed; then run it again with
--confirm --stdin and give the emailed token on the first line of standard input and the new
password on the second (its length is the portal's rule: ic-support catalog status shows it).
Secrets are never taken from the command line.
`;
