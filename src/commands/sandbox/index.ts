/** `ic-support sandbox …`: declarations; each verb runs from its own module. */
import { Argument, Option, type Command } from 'commander';
import type { Declare } from '../../cli/program.js';
import { addExamples, examples } from '../../cli/help.js';
import { jqOption, jsonOption } from '../../cli/json-flags.js';
import type { CommandRun } from '../../cli/context.js';
import type * as AdminModule from './admin.js';

type AdminVerb = keyof typeof AdminModule;

/** Options every admin sub-command shares: where the running sandbox is and where its key is. */
function target(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'the running sandbox (default: the one recorded in the data directory)')
    .option('--data-dir <dir>', 'the sandbox data directory holding admin-key (default: <state dir>/sandbox)')
    .addOption(jsonOption("the sandbox's answer"))
    .addOption(jqOption());
}

export const declareSandbox: Declare = (s, lazy) => {
  const admin = (verb: AdminVerb) =>
    lazy(async () => ({ run: (await import('./admin.js'))[verb] as unknown as CommandRun }));
  s.option('--port <port>', 'port to listen on; 0 picks a free one', '4780')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--status-port <port>', 'also serve the status API (notifications) on its own port; 0 picks a free one')
    .option('--data-dir <dir>', 'where the database, attachments and admin key live (default: <state dir>/sandbox)')
    .option('--reset', 'delete the sandbox data and start again from the seed')
    .addOption(new Option('--token-ttl <seconds>', 'lifetime of sign-in tokens').default('28800'))
    .option('--seed-cases <n>', 'hold at least N extra bulk cases (listing benchmarks)')
    .addOption(
      jsonOption('the URLs, admin key and demo sign-in (one line)', [
        'url',
        'statusUrl',
        'adminKey',
        'dataDir',
        'demo',
        'pid',
      ]),
    )
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support sandbox', 'ic-support sandbox --port 0 --data-dir ./.sandbox --reset', 'ic-support sandbox comment 00001002 --body "Could you send a screenshot?"')}
The sandbox is seeded from the Support Portal guide: Bayside School (TESTING), Zack Morris (TESTING),
the grade-book case, the DigiCert incident and an upcoming maintenance window. It prints the demo
sign-in when it starts. Stop it with Ctrl-C. Admin sub-commands talk to a running sandbox.
`,
    )
    .action(lazy(() => import('./start.js')));

  const n = s.command('notify').description('post, update and close status notifications (incidents, maintenance)');
  target(
    n
      .command('post')
      .description('post a new open notification')
      .addOption(
        new Option('--kind <kind>', 'incident or maintenance')
          .choices(['incident', 'maintenance'])
          .makeOptionMandatory(),
      )
      .requiredOption('--title <text>', 'the title')
      .option('--status <text>', 'status text (default: Investigating / Scheduled)')
      .option('--body <text>', 'the first update')
      .option('--starts-at <time>', 'start of the incident or window (ISO 8601; default now)')
      .option('--ends-at <time>', 'end of the window (ISO 8601)'),
  ).action(admin('notifyPost'));
  target(
    n
      .command('update')
      .description("change a notification's title, status or window")
      .addArgument(new Argument('<id>', 'the notification id'))
      .option('--title <text>', 'the title')
      .option('--status <text>', 'status text')
      .option('--starts-at <time>', 'start (ISO 8601)')
      .option('--ends-at <time>', 'end (ISO 8601)'),
  ).action(admin('notifyUpdate'));
  target(
    n
      .command('add-update')
      .description('add a timestamped update to a notification')
      .addArgument(new Argument('<id>', 'the notification id'))
      .requiredOption('--body <text>', 'the update')
      .option('--status <text>', 'also change the status'),
  ).action(admin('notifyAddUpdate'));
  target(
    n
      .command('close')
      .description('close a notification (Resolved / Completed)')
      .addArgument(new Argument('<id>', 'the notification id'))
      .option('--status <text>', 'closing status')
      .option('--body <text>', 'a closing update'),
  ).action(admin('notifyClose'));

  target(
    s
      .command('comment')
      .description('add a comment from Infinite Campus to a case')
      .addArgument(new Argument('<number>', 'the case number'))
      .requiredOption('--body <text>', 'the comment')
      .addOption(
        new Option('--status <status>', 'also set the status').choices(['New', 'In Progress', 'Waiting on Customer']),
      ),
  ).action(admin('comment'));

  target(
    s
      .command('resolve')
      .description('close a case with a resolution')
      .addArgument(new Argument('<number>', 'the case number'))
      .requiredOption('--resolution <text>', 'the resolution'),
  ).action(admin('resolve'));

  target(
    s
      .command('post-resolution')
      .description('post a written resolution: the case goes to Pending for the contact to verify (3x10 starts)')
      .addArgument(new Argument('<number>', 'the case number'))
      .requiredOption('--resolution <text>', 'the resolution'),
  ).action(admin('postResolution'));

  target(
    s
      .command('escalate')
      .description('add an escalation note to a case; --development also marks it Assigned to Development')
      .addArgument(new Argument('<number>', 'the case number'))
      .requiredOption('--note <text>', 'the note the contact reads')
      .option('--development', 'a confirmed product defect: set the status to Assigned to Development'),
  ).action(admin('escalate'));

  target(
    s
      .command('clock')
      .description('show the sandbox clock, or move it forward (3x10 follow-ups and closes, the 60-day reopen window)')
      .option('--advance-days <n>', 'move the clock forward by N days (1-3650); sign-in tokens expire by it too'),
  ).action(admin('clock'));

  target(
    s
      .command('mailbox')
      .description('show the emails the portal sent (activation and password-reset tokens)')
      .option('--to <email>', 'only mail to this address'),
  ).action(admin('mailbox'));

  target(
    s
      .command('count')
      .description('count the cases in the sandbox database')
      .option('--account <district>', 'only this district (id or name)')
      .option('--subject <text>', 'only cases with exactly this subject')
      .option('--search <text>', 'only cases whose text contains this'),
  ).action(admin('count'));

  const f = s
    .command('faults')
    .description('inject faults into the running sandbox: latency, 5xx, dropped connections, 429');
  target(
    f
      .command('set')
      .description('replace the fault settings (rates are shares from 0 to 1)')
      .option('--latency-ms <ms>', 'delay before each request')
      .option('--error-rate <share>', 'share answered with a 5xx')
      .option('--error-status <code>', '500, 502, 503 or 504 (default 503)')
      .option('--drop-rate <share>', 'share whose connection is dropped without an answer')
      .option('--drop-after-rate <share>', 'share handled, then dropped without an answer (the case IS filed)')
      .option('--rate-limit-rate <share>', 'share answered 429 with Retry-After')
      .option('--retry-after <seconds>', 'the Retry-After of injected 429s (default 1)')
      .option('--paths <prefixes>', 'comma-separated path prefixes to fault (default: all portal and status paths)')
      .option('--limit <n>', 'stop after N faulted requests (0 = no limit)')
      .addHelpText(
        'after',
        examples(
          'ic-support sandbox faults set --error-rate 0.3 --drop-rate 0.1',
          'ic-support sandbox faults set --rate-limit-rate 1 --retry-after 2 --limit 1 --paths /api/v1/cases',
        ),
      ),
  ).action(admin('faultsSet'));
  target(f.command('show').description('show the fault settings and what was injected')).action(admin('faultsShow'));
  target(f.command('clear').description('stop injecting faults')).action(admin('faultsClear'));

  addExamples(s, {
    notify: [
      'ic-support sandbox notify post --kind incident --title "Campus Parent app errors"',
      'ic-support sandbox notify close ntf_1a2b --body "Fixed."',
    ],
    'notify post': [
      'ic-support sandbox notify post --kind incident --title "Campus Parent app errors" --body "Investigating."',
      'ic-support sandbox notify post --kind maintenance --title "Database upgrade" --starts-at 2026-12-12T04:00:00Z --ends-at 2026-12-12T08:00:00Z',
    ],
    'notify update': ['ic-support sandbox notify update ntf_1a2b --status Monitoring'],
    'notify add-update': [
      'ic-support sandbox notify add-update ntf_1a2b --body "A fix is being deployed." --status Monitoring',
    ],
    'notify close': ['ic-support sandbox notify close ntf_1a2b --body "All customer sites are working again."'],
    comment: ['ic-support sandbox comment 1002 --body "Could you send a screenshot?" --status "Waiting on Customer"'],
    resolve: ['ic-support sandbox resolve 1002 --resolution "Restored from the nightly backup."'],
    'post-resolution': [
      'ic-support sandbox post-resolution 1002 --resolution "Use the Attendance Register report: it has year-to-date totals."',
    ],
    escalate: [
      'ic-support sandbox escalate 1002 --note "Escalated to the Attendance team."',
      'ic-support sandbox escalate 1002 --note "Confirmed defect, linked to development." --development',
    ],
    clock: [
      'ic-support sandbox clock',
      'ic-support sandbox clock --advance-days 15   # past the 10th business day: Pending cases close',
      'ic-support sandbox clock --advance-days 61   # past the 60-day reopen window',
    ],
    mailbox: ['ic-support sandbox mailbox --to kelly.kapowski@bayside.example'],
    count: [
      'ic-support sandbox count --subject "Campus unreachable for all users"',
      'ic-support sandbox count --account "Bayside School (TESTING)"',
    ],
    faults: [
      'ic-support sandbox faults set --error-rate 0.3 --drop-rate 0.1',
      'ic-support sandbox faults show',
      'ic-support sandbox faults clear',
    ],
    'faults show': ['ic-support sandbox faults show'],
    'faults clear': ['ic-support sandbox faults clear'],
  });
};
