import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { declareTokenFlow, TOKEN_FLOW_HELP } from '../options.js';

export const declareResetPassword = (c: Command) =>
  declareTokenFlow(c).addHelpText(
    'after',
    `${examples('ic-support auth reset-password --email you@district.org', 'printf "%s\\n%s\\n" "$TOKEN" "$NEW_PASSWORD" | ic-support auth reset-password --confirm --stdin --email you@district.org')}${TOKEN_FLOW_HELP}With --email, you are signed in with the new password afterwards.
`,
  );

export type ResetPasswordOptions = OptionsOf<typeof declareResetPassword>;
