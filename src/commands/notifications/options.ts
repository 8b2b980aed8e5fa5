import { Option, type Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../cli/command-tree.js';
import { examples } from '../../cli/help.js';
import { jqOption, jsonOption } from '../../cli/json-flags.js';

/** `ic-support notifications`: the listing, and --check, --watch and --ics (./run.ts). */
export const declareNotifications = (n: Command) =>
  n
    .option('--closed', 'the closed notifications (history) instead of the open ones')
    .addOption(jsonOption('the notifications (stable shape, with "stale" and "fetchedAt")'))
    .addOption(jqOption())
    .option(
      '--since <time>',
      'only updates after a time: 2h, 3d, 1w, 2024-07-30, "2024-07-30 13:00", 2024-07-30T18:00:00Z',
    )
    .option(
      '--check',
      'for monitoring: print one status line as monitoring tools such as Nagios read it; exit 0 OK, 11 maintenance under way or within --warn-before, 12 incident in progress',
    )
    .addOption(
      new Option(
        '--warn-before <time>',
        'with --check: maintenance starting within this time is a WARNING, later only scheduled (OK); default 1d',
      ),
    )
    .option('--watch', 'print each change as it happens (new, status, window, update, closed) until Ctrl-C or SIGTERM')
    .addOption(new Option('--interval <seconds>', 'with --watch: seconds between polls (default 60, at least 5)'))
    .addOption(
      new Option(
        '--ics [file]',
        'write open and upcoming maintenance windows as an iCalendar (.ics) file; - or nothing for stdout',
      ),
    )
    .addHelpText(
      'after',
      `${examples(
        'ic-support notifications',
        'ic-support notifications --closed --since 30d',
        'ic-support notifications show ntf_digicert',
        'ic-support notifications --check            # from cron or Nagios',
        'ic-support notifications --check --warn-before 3d',
        'ic-support notifications --watch --json --interval 120 | jq -c .',
        'ic-support notifications --ics maintenance.ics',
      )}
Reads the profile's notificationsUrl (default: portalUrl; IC_SUPPORT_NOTIFICATIONS_URL overrides it)
and never sends a token. When the Notifications page cannot be reached, the last state fetched is shown,
marked stale on stderr and with "stale": true in --json (exit 0; 8 when nothing was ever fetched).
Times are in your time zone (TZ). The banner is orange for an open incident, green for open
maintenance and gray when nothing is open; without color its words say the same.
--check exit codes: 0 OK (nothing open, or maintenance only scheduled: it starts later than
--warn-before, default 1d, and the line gives its window), 11 WARNING (maintenance in progress or
starting within --warn-before, or an open incident reported resolved), 12 CRITICAL (an incident in
progress), 8 UNKNOWN (the Notifications page cannot be reached, or its answer broke the contract;
the line gives the last known state, and the host it came from, when there is one).
`,
    );

export type NotificationsOptions = OptionsOf<typeof declareNotifications>;
