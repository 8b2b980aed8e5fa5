/**
 * `ic-support auth …`: signing in and out, who is signed in, activating an account, resetting a
 * password, personal access tokens (auth token). login, logout and status are also the top-level shortcuts login, logout and whoami
 * (src/cli/program.ts loads their specs from here).
 */
import { defineNoun } from '../../cli/command-tree.js';
import { examples } from '../../cli/help.js';
import { activate } from './activate/index.js';
import { login } from './login/index.js';
import { logout } from './logout/index.js';
import { resetPassword } from './reset-password/index.js';
import { status } from './status/index.js';
import { token } from './token/index.js';

export const authNoun = defineNoun({
  declare: (a) =>
    a.addHelpText(
      'after',
      examples('ic-support auth login', 'ic-support auth status --json', 'ic-support auth logout'),
    ),
  verbs: [login, logout, status, activate, resetPassword, token],
});
