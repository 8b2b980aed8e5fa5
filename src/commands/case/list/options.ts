import { Option, type Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareList = (c: Command) =>
  c
    .addOption(
      new Option(
        '-s, --status <status>',
        'open, closed, all, or a status by name: pending, "assigned to development", …',
      ).default('open'),
    )
    .option('--case-type <id>', 'only cases of this case type (see: ic-support case types)')
    .option(
      '--account <district>',
      'only cases of this district (name, a part of a name only it has, or id; see: ic-support accounts)',
    )
    .option('--search <text>', 'only cases whose number, subject or fields contain the text')
    .option(
      '--since <time>',
      'only cases updated since then (status, comments, attachments, close, reopen): 2h, 3d, 2026-12-01, an RFC 3339 time',
    )
    .option('-L, --limit <n>', 'at most N cases (default 25)')
    .addOption(new Option('--all', 'every matching case (follows the pages to the end)').conflicts('limit'))
    .option('-w, --web', "open the portal's list of cases in the browser")
    .addOption(jsonOption('a JSON array (streamed page by page with --all)', undefined, 'number,subject,status'))
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support case list', 'ic-support case list -s closed --case-type data-restore -L 50', 'ic-support case list --all --json | jq length', 'ic-support case list --json number,subject,status', 'ic-support case list --jq ".[].number"', 'ic-support case list --status all --search "grade book"', 'ic-support case list --status pending      # resolutions waiting for you to verify', 'ic-support case list --status all --since 1d --all')}
On a terminal: a table fitted to its width. Piped: one tab-separated line per case with
number, case type id, priority, status, last modified (ISO 8601), account, subject.
JSON fields: number, caseType, status, state, priority, subject, account, lastModifiedAt.
`,
    );

export type ListOptions = OptionsOf<typeof declareList>;
