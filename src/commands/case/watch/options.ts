import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareWatch = (c: Command) =>
  c
    .addOption(jsonOption('one event per line (NDJSON: newline-delimited JSON)'))
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
    );

export type WatchOptions = OptionsOf<typeof declareWatch>;
