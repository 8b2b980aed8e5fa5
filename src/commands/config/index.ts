/** `ic-support config …`: the settings of a profile. */
import { defineNoun } from '../../cli/command-tree.js';
import { examples } from '../../cli/help.js';
import { GUIDE_PORTAL_URL } from '../../config/keys.js';
import { get } from './get/index.js';
import { list } from './list/index.js';
import { path } from './path/index.js';
import { set } from './set/index.js';
import { unset } from './unset/index.js';

export const configNoun = defineNoun({
  declare: (c) =>
    c
      .addHelpText(
        'after',
        `
Settings of a profile:
  portalUrl         the Support Portal API base URL (https; http only for loopback). The guide
                    opens the Support Portal at ${GUIDE_PORTAL_URL}; give the
                    address of that portal's API for your district.
  notificationsUrl  the Notifications page's base URL (default: portalUrl)
  account           the district (id or name) used when a case names none
  output            default output format: text | json
  caFile            a PEM file of extra CA certificates (TLS-inspecting proxies)
Tokens are not settings: ic-support login stores them, in a file of their own (0600).
Environment: IC_SUPPORT_PORTAL_URL, IC_SUPPORT_NOTIFICATIONS_URL, IC_SUPPORT_TOKEN, IC_SUPPORT_PROFILE
override the profile; IC_SUPPORT_CONFIG_DIR moves all state (config, credentials, drafts, outbox).
`,
      )
      .addHelpText(
        'after',
        examples(
          'ic-support config set portalUrl https://support.example.org',
          'ic-support config set account "Bayside School (TESTING)" --profile bayside',
          'ic-support config list --json',
        ),
      ),
  verbs: [get, set, unset, list, path],
});
