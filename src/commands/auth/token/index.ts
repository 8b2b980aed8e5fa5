/** `ic-support auth token …`: personal access tokens, for a CI job or a scheduled script. */
import { defineCommand } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { create } from './create/index.js';
import { list } from './list/index.js';
import { revoke } from './revoke/index.js';

export const token = defineCommand({
  name: 'token',
  summary: 'personal access tokens for CI and scheduled scripts: create, list, revoke',
  declare: (c) =>
    c.addHelpText(
      'after',
      `${examples('ic-support auth token create --name "nightly report" --scope read', 'ic-support auth token list', 'ic-support auth token revoke pat_…')}A job then uses the token as IC_SUPPORT_TOKEN, without a password. Made while signed in with
email and password; the portal shows a token once and keeps only its hash.
`,
    ),
  verbs: [create, list, revoke],
});
