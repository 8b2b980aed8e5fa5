/**
 * `ic-support case …`: declarations of the case verbs; each runs from its own module. A verb's
 * name, alias and one line are set at once; its arguments, options and help when it is used
 * (declareLater, src/cli/program.ts), so that `case list` does not build `case submit`'s flags.
 */
import { Argument, Option } from 'commander';
import { addFieldOptions, beforeSubmitParse } from './submit-options.js';
import { declareLater, type Declare } from '../../cli/program.js';
import { examples } from '../../cli/help.js';
import { jqOption, jsonOption, jsonOptions } from '../../cli/json-flags.js';

export const declareCase: Declare = (c, lazy, withContext) => {
  c.addHelpText(
    'after',
    examples(
      'ic-support case types',
      'ic-support case template data-restore > restore.yaml',
      'ic-support case validate restore.yaml',
    ),
  );

  const submit = declareLater(
    c
      .command('submit')
      .description('file a case: prompted on a terminal, or entirely from flags, a case file or stdin'),
    (submit) => {
      submit
        .addArgument(new Argument('[case-type]', 'a case type id (see: ic-support case types); asked for when omitted'))
        .option(
          '-f, --from-file <file>',
          'read the case from a YAML or JSON case file (- for stdin); flags override it',
        )
        .addOption(
          new Option('--field <key=value>', 'set any field by its key; repeatable').argParser(
            (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
          ),
        )
        .addOption(
          new Option(
            '--attach <file>',
            "attach a file once the case is filed; repeatable (size and count: the portal's limits, see case fields <type>)",
          ).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]),
        )
        .addOption(
          new Option(
            '--batch <file>',
            'file many cases from NDJSON or a YAML list (- for stdin): all validated before any is sent',
          ).conflicts(['fromFile', 'draft', 'idempotencyKey', 'attach']),
        )
        .option('--concurrency <n>', 'with --batch: cases in flight at once (1-32, default 8)')
        .option('--draft <id>', 'resume a saved draft (see: ic-support case drafts)')
        .option('--dry-run', 'validate and print the exact request; send nothing')
        .option(
          '--idempotency-key <key>',
          'a key of your own for this submission: re-running with it never files twice',
        )
        .addOption(
          jsonOption('the created case (with --batch: one line per case)', [
            'number',
            'id',
            'url',
            'status',
            'replayed',
            'practicePortal',
            'followUp',
            'queued',
            'outboxId',
            'reason',
            'line',
            'error',
            'method',
            'path',
            'headers',
            'body',
            'account',
            'contact',
            'attachments',
          ]),
        )
        .addOption(jqOption())
        .addOption(
          new Option(
            '-w, --web',
            'open the filed case in the browser (prints its URL where there is no display)',
          ).conflicts(['json', 'jq', 'dryRun', 'batch']),
        );
      addFieldOptions(submit);
      submit
        .addHelpText(
          'after',
          `${examples(
            'ic-support case submit',
            'ic-support case submit application-issue --subject "Teachers unable to post grades" --type "Campus Application" \\\n      --module "Grade Book" --description @description.txt --steps-to-reproduce -  < steps.txt',
            'ic-support case submit data-restore --from-file restore.yaml --written-permission',
            'ic-support case submit modify-support-contacts --request-type Replace --area-of-responsibility SIS \\\n      --area-of-responsibility Finance --field contactReplacementName="A. C. Slater" ...',
            'ic-support case submit report-an-outage --subject "Campus down for all users" --description - --dry-run',
            'ic-support case submit server-issue --from-file server.yaml --attach error.png --attach server.log',
            'ic-support case submit --batch cases.ndjson --json',
          )}
A value @path reads a file and - reads standard input. Without a terminal (or with --no-input or
CI set) nothing is asked: every missing field is listed with its flag and the exit code is 2.
In the form, each answer is checked as it is typed; at a long text, "e" opens $VISUAL or
$EDITOR (blank lines between paragraphs are kept). Ctrl-C keeps your answers as a draft. Exit 0 when filed (or already filed with this key); 9 when
the portal cannot be reached: the case waits in the outbox (ic-support outbox send). The same case
file (or batch) run again is recognised by its content and never filed twice.
`,
        )
        .action(lazy(() => import('./submit.js')));
    },
    // Before commander parses it (and for `help case submit`): the flags of fields only the portal's
    // catalog has, when the arguments need them.
    (args) => beforeSubmitParse(submit, args, withContext),
  );

  declareLater(
    c
      .command('drafts')
      .description('list the drafts of cases not yet filed (kept on Ctrl-C, Save draft, or a failure)'),
    (v) =>
      v
        .addOption(jsonOption('the drafts', ['id', 'caseType', 'subject', 'reason', 'updatedAt']))
        .addOption(jqOption())
        .option('--delete <id>', 'delete a draft')
        .addHelpText(
          'after',
          examples(
            'ic-support case drafts',
            'ic-support case submit --draft 20261128-a1b2c3',
            'ic-support case drafts --delete 20261128-a1b2c3',
          ),
        )
        .action(lazy(() => import('./drafts.js'))),
  );

  // --- Following cases: list, show, comment, close, reopen, attach, download, watch -----------
  declareLater(
    c.command('list').alias('ls').description('list your cases, most recently changed first (open ones by default)'),
    (list) => {
      list
        .addOption(
          new Option(
            '-s, --status <status>',
            'open, closed, all, or a status by name: pending, "assigned to development", …',
          ).default('open'),
        )
        .option('--case-type <id>', 'only cases of this case type (see: ic-support case types)')
        .option('--account <district>', 'only cases of this district (name or id; see: ic-support accounts)')
        .option('--search <text>', 'only cases whose number, subject or fields contain the text')
        .option('-L, --limit <n>', 'at most N cases (default 25)')
        .addOption(new Option('--all', 'every matching case (follows the pages to the end)').conflicts('limit'))
        .option('-w, --web', "open the portal's list of cases in the browser");
      jsonOptions(list, 'a JSON array (streamed page by page with --all)', 'number,subject,status')
        .addHelpText(
          'after',
          `${examples('ic-support case list', 'ic-support case list -s closed --case-type data-restore -L 50', 'ic-support case list --all --json | jq length', 'ic-support case list --json number,subject,status', 'ic-support case list --jq ".[].number"', 'ic-support case list --status all --search "grade book"', 'ic-support case list --status pending      # resolutions waiting for you to verify')}
On a terminal: a table fitted to its width. Piped: one tab-separated line per case with
number, case type id, priority, status, last modified (ISO 8601), account, subject.
JSON fields: number, caseType, status, state, priority, subject, account, lastModifiedAt.
`,
        )
        .action(lazy(() => import('./list.js')));
    },
  );

  declareLater(
    c
      .command('show')
      .alias('view')
      .description("show a case as the portal's Case Details, with its comments and attachments"),
    (show) => {
      show
        .addArgument(new Argument('<number>', 'the case number (00001042 or 1042)'))
        .option('-w, --web', 'open the case in the browser (prints its URL where there is no display)');
      jsonOptions(show, 'the case, its comments and attachments', 'number,status,resolution')
        .addHelpText(
          'after',
          `${examples('ic-support case show 00001042', 'ic-support case view 1042 --json status,resolution', 'ic-support case show 1042 --jq .resolution', 'ic-support case show 1042 --web')}
Times are shown in your time zone (TZ, or IC_SUPPORT_TZ=America/Chicago).
`,
        )
        .action(lazy(() => import('./show.js')));
    },
  );

  declareLater(
    c.command('comment').description('add a comment to a case (from --body, a file, standard input or your editor)'),
    (v) =>
      v
        .addArgument(new Argument('<number>', 'the case number'))
        .addOption(new Option('--body <text>', 'the comment').conflicts('bodyFile'))
        .option('--body-file <file>', 'read the comment from a file; - reads standard input')
        .addOption(jsonOption('the created comment', ['id', 'body', 'author', 'fromVendor', 'createdAt', 'kind']))
        .addOption(jqOption())
        .addHelpText(
          'after',
          `${examples('ic-support case comment 1042 --body "The report is attached."', 'ic-support case comment 1042 --body-file notes.md', 'git log -1 --format=%B | ic-support case comment 1042 --body-file -')}
Without --body or --body-file on a terminal, $VISUAL or $EDITOR opens. An empty comment is refused.
`,
        )
        .action(lazy(() => import('./comment.js'))),
  );

  declareLater(
    c
      .command('close')
      .description('close a case: after verifying a posted resolution (Pending), or when the issue is gone'),
    (v) =>
      v
        .addArgument(new Argument('<number>', 'the case number'))
        .option('--body <text>', 'a closing comment (optional)')
        .option('--body-file <file>', 'read the closing comment from a file; - reads standard input')
        .addOption(
          jsonOption('the outcome', [
            'number',
            'status',
            'changed',
            'previousStatus',
            'confirmedResolution',
            'closedAt',
            'closedBy',
            'reopenableUntil',
            'url',
          ]),
        )
        .addOption(jqOption())
        .addHelpText(
          'after',
          `${examples('ic-support case close 1042', 'ic-support case close 1042 --body "Grades post again, thank you."', 'ic-support case list --status pending', 'ic-support case close 1042 --json --no-input || [ $? -eq 13 ]   # already closed is fine')}
Closing a Pending case confirms the resolution Infinite Campus posted. The portal records who
closed it and when; it can be reopened within 60 days (ic-support case reopen).
Exit 0 when closed; 13 when it was closed already (nothing changed); 4 when your contact type
may not close cases; 5 when the case is not one of your districts'.
`,
        )
        .action(lazy(() => import('./close.js'))),
  );

  declareLater(
    c.command('reopen').description('reopen a closed case (within 60 days of closing), giving the additional details'),
    (v) =>
      v
        .addArgument(new Argument('<number>', 'the case number'))
        .option('--body <text>', 'the additional details (required: from here, --body-file or your editor)')
        .option('--body-file <file>', 'read the details from a file; - reads standard input')
        .addOption(jsonOption('the outcome', ['number', 'status', 'changed', 'url']))
        .addOption(jqOption())
        .addHelpText(
          'after',
          `${examples('ic-support case reopen 1042 --body "Section 1100-7 still cannot post grades."', 'ic-support case reopen 1042 --body-file details.md', 'ic-support case reopen 1042            # opens $VISUAL / $EDITOR on a terminal')}
The portal decides, by its own calendar, whether the case may still be reopened; when it closed
more than 60 days ago the portal refuses with the last day it could be reopened (exit 6): file a
new case then. Exit 0 when reopened; 13 when it was open already (nothing changed, nothing sent);
4 when your contact type may not reopen cases; 5 when the case is not one of your districts'.
`,
        )
        .action(lazy(() => import('./reopen.js'))),
  );

  declareLater(
    c
      .command('attach')
      .description("attach files to a case (each within the portal's size limit; all are checked before any is sent)"),
    (v) =>
      v
        .addArgument(new Argument('<number>', 'the case number'))
        .addArgument(new Argument('<files...>', 'the files to attach'))
        .addOption(
          jsonOption('the created attachments', ['id', 'filename', 'size', 'contentType', 'createdAt', 'createdBy']),
        )
        .addOption(jqOption())
        .addHelpText(
          'after',
          `${examples('ic-support case attach 1042 screenshot.png export.csv')}
Exit 0 when every file was attached; 2 when a file is missing, unreadable or too large
(nothing is sent); otherwise the exit code of the first failure, after trying every file.
`,
        )
        .action(lazy(() => import('./attach.js'))),
  );

  declareLater(
    c.command('download').description("save a case's attachments (one, by id or name, or all) into a folder"),
    (v) =>
      v
        .addArgument(new Argument('<number>', 'the case number'))
        .addArgument(new Argument('[attachment]', 'the attachment id or file name (default: all of them)'))
        .option('--dir <folder>', 'where to save them (default: the current folder)')
        .option('--force', 'replace files that already exist')
        .addOption(jsonOption('what was saved', ['id', 'filename', 'path', 'bytes']))
        .addOption(jqOption())
        .addHelpText(
          'after',
          `${examples('ic-support case download 1042', 'ic-support case download 1042 export.csv --dir ~/Downloads', 'ic-support case download 1042 att_ab12cd --force')}
Names are made safe: an attachment never lands outside the folder. Existing files are kept
(exit 6) unless --force.
`,
        )
        .action(lazy(() => import('./download.js'))),
  );

  declareLater(c.command('watch').description('for cron: print what changed on your cases since the last run'), (v) =>
    v
      .addOption(jsonOption('one event per line (NDJSON)'))
      .addOption(jqOption())
      .addHelpText(
        'after',
        `${examples('ic-support case watch', '*/15 * * * * ic-support case watch --json >> ~/case-events.ndjson')}
Reports new comments from Infinite Campus, escalation notes, status changes, a resolution posted
for you to verify (Pending, once, with the business-day deadline), closed cases and new cases. The first
run records a baseline (and says so on stderr). State: <state dir>/cache/watch-<profile>.json.
Exit codes: 0 nothing changed (or baseline recorded), 10 changes were printed; others as usual.
Event types in --json: comment, escalation, pending, status, resolved, new-case.
`,
      )
      .action(lazy(() => import('./watch.js'))),
  );

  declareLater(
    c
      .command('types')
      .description(
        "list the case types with their descriptions and examples (the portal's, as cached; the bundled ten offline)",
      ),
    (v) =>
      v
        .addOption(jsonOption('the case types'))
        .addOption(jqOption())
        .addHelpText('after', examples('ic-support case types', 'ic-support case types --json | jq -r ".[].id"'))
        .action(lazy(() => import('./types.js'))),
  );

  declareLater(
    c.command('fields').description("list a case type's fields: key, label, kind, required, default, choices, help"),
    (v) =>
      v
        .addArgument(new Argument('<case-type>', 'a case type id (see: ic-support case types)'))
        .addOption(jsonOption("the case type's fields"))
        .addOption(jqOption())
        .addHelpText(
          'after',
          examples('ic-support case fields application-issue', 'ic-support case fields modify-support-contacts --json'),
        )
        .action(lazy(() => import('./fields.js'))),
  );

  declareLater(
    c.command('lint').description("check a case file against the guide's advice for a good case (warns, never blocks)"),
    (v) =>
      v
        .addArgument(new Argument('<file>', 'the case file; - reads standard input'))
        .addOption(jsonOption('the warnings', ['file', 'valid', 'issues', 'warnings']))
        .addOption(jqOption())
        .option('--strict', 'exit 2 when there is any warning (for CI)')
        .addHelpText(
          'after',
          `${examples('ic-support case lint grades.yaml', 'ic-support case lint --strict case.json --json')}
Checks: a description that says who, what, where and when; a brief, specific subject; steps to
reproduce and expected results on an Application Issue; sensitive data such as a Social Security
number. It also validates the file (exit 2 when it is not valid).
`,
        )
        .action(lazy(() => import('./lint.js'))),
  );

  declareLater(c.command('template').description('print a commented YAML case file to fill in, for a case type'), (v) =>
    v
      .addArgument(new Argument('<case-type>', 'a case type id (see: ic-support case types)'))
      .addHelpText(
        'after',
        examples('ic-support case template application-issue > grades.yaml', 'ic-support case validate grades.yaml'),
      )
      .action(lazy(() => import('./template.js'))),
  );

  declareLater(
    c.command('validate').description('check a YAML or JSON case file offline and list every problem'),
    (v) =>
      v
        .addArgument(new Argument('<file>', 'the case file; - reads standard input'))
        .addOption(jsonOption('the result'))
        .addOption(jqOption())
        .addHelpText(
          'after',
          `${examples('ic-support case validate outage.yaml', 'cat case.json | ic-support case validate -')}
A case file names its caseType and gives fields by key (see: ic-support case fields <type>).
Editors can check it with schemas/case-file.schema.json. Exit 0 when valid, 2 with every problem.
`,
        )
        .action(lazy(() => import('./validate.js'))),
  );
};
