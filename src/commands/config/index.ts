/** `ic-support config …`: declarations; each verb runs from its own module. */
import { Argument } from 'commander';
import type { Declare } from '../../cli/program.js';
import { addExamples, examples } from '../../cli/help.js';
import { jqOption, jsonOption } from '../../cli/json-flags.js';

/** Kept here (not imported from src/config/keys.ts) so that `--help` loads nothing more. */
const KEYS = ['portalUrl', 'notificationsUrl', 'account', 'output', 'caFile'];
const keyArg = () => new Argument('<key>', `a setting: ${KEYS.join(', ')}`);

export const declareConfig: Declare = (c, lazy) => {
  c.addHelpText(
    'after',
    `
Settings of a profile:
  portalUrl         the Support Portal API base URL (https; http only for loopback)
  notificationsUrl  the status page's base URL (default: portalUrl)
  account           the district (id or name) used when a case names none
  output            default output format: text | json
  caFile            a PEM file of extra CA certificates (TLS-inspecting proxies)
Tokens are not settings: ic-support login stores them, in a file of their own (0600).
Environment: IC_SUPPORT_PORTAL_URL, IC_SUPPORT_NOTIFICATIONS_URL, IC_SUPPORT_TOKEN, IC_SUPPORT_PROFILE
override the profile; IC_SUPPORT_CONFIG_DIR moves all state (config, credentials, drafts, outbox).
`,
  );

  c.command('get')
    .description("print one setting's value (exit 5 when it is not set)")
    .addArgument(keyArg())
    .addHelpText(
      'after',
      examples('ic-support config get portalUrl', 'ic-support config get account --profile staging'),
    )
    .action(lazy(() => import('./get.js')));

  c.command('set')
    .description('change one setting of the profile')
    .addArgument(keyArg())
    .addArgument(new Argument('<value>', 'the new value'))
    .addHelpText(
      'after',
      examples(
        'ic-support config set portalUrl https://support.example.org',
        'ic-support config set output json --profile ci',
        'ic-support config set caFile ./district-ca.pem',
      ),
    )
    .action(lazy(() => import('./set.js')));

  c.command('unset')
    .description('remove one setting of the profile')
    .addArgument(keyArg())
    .addHelpText('after', examples('ic-support config unset account'))
    .action(lazy(() => import('./unset.js')));

  c.command('list')
    .description("list the profile's settings and the other profiles")
    .addOption(jsonOption("the profile's settings", ['profile', 'profiles', 'settings', 'signedIn']))
    .addOption(jqOption())
    .addHelpText('after', examples('ic-support config list', 'ic-support config list --profile staging --json'))
    .action(lazy(() => import('./list.js')));

  c.command('path')
    .description('print where the config file is (--dir: its folder; --all: where each part of the state lives)')
    .option('--dir', 'print the config folder instead (settings and credentials)')
    .option(
      '--all',
      'print each part and its place, a tab between: config, settings, credentials, data, drafts, outbox, sandbox, cache',
    )
    .addHelpText(
      'after',
      examples('ic-support config path', 'ls -l "$(ic-support config path --dir)"', 'ic-support config path --all'),
    )
    .action(lazy(() => import('./path.js')));
  addExamples(c, {
    '': [
      'ic-support config set portalUrl https://support.example.org',
      'ic-support config set account "Bayside School (TESTING)" --profile bayside',
      'ic-support config list --json',
    ],
  });
};
