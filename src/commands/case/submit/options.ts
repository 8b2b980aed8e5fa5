import { Argument, Option, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';
import { addFieldOptions, type FieldFlagValues } from './field-flags.js';

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

export const declareSubmit = (c: Command) =>
  addFieldOptions(
    c
      .addArgument(new Argument('[case-type]', 'a case type id (see: ic-support case types); asked for when omitted'))
      .option('-f, --from-file <file>', 'read the case from a YAML or JSON case file (- for stdin); flags override it')
      .addOption(new Option('--field <key=value>', 'set any field by its key; repeatable').argParser(collect))
      .addOption(
        new Option(
          '--attach <file>',
          "attach a file once the case is filed; repeatable (size and count: the portal's limits, see case fields <type>)",
        ).argParser(collect),
      )
      .addOption(
        new Option(
          '--batch <file>',
          'file many cases from an NDJSON file (newline-delimited JSON: one case per line) or a YAML list (- for stdin): all validated before any is sent',
        ).conflicts(['fromFile', 'draft', 'idempotencyKey', 'attach']),
      )
      .option('--concurrency <n>', 'with --batch: cases in flight at once (1-32, default 8)')
      .option('--draft <id>', 'resume a saved draft (see: ic-support case drafts)')
      .option('--dry-run', 'validate and print the exact request; send nothing')
      .option('--idempotency-key <key>', 'a key of your own for this submission: re-running with it never files twice')
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
      ),
  ).addHelpText(
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
file (or batch) run again is recognized by its content and never filed twice.
`,
  );

/**
 * The options as commander gives them: the flags declared above, typed from their declaration, and
 * one flag per field by field key (--steps-to-reproduce: stepsToReproduce), which the catalog
 * decides (src/commands/case/submit/field-flags.ts).
 */
export type SubmitOptions = OptionsOf<typeof declareSubmit> & FieldFlagValues;
export type SubmitArguments = ArgumentsOf<typeof declareSubmit>;
