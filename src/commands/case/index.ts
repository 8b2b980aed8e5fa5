/** `ic-support case …`: declarations of the case verbs; each runs from its own module. */
import { Argument, Option, type Command } from 'commander';
import { addFieldOptions } from './submit-options.js';
import { examples, type Lazy } from '../../cli/program.js';

export function registerCase(program: Command, lazy: Lazy): void {
  const c = program
    .command('case')
    .description('submit, check and follow support cases')
    .addHelpText('after', examples('ic-support case types', 'ic-support case template data-restore > restore.yaml', 'ic-support case validate restore.yaml'));

  const submit = c
    .command('submit')
    .description('file a case: prompted on a terminal, or entirely from flags, a case file or stdin')
    .addArgument(new Argument('[case-type]', 'a case type id (see: ic-support case types); asked for when omitted'))
    .option('-f, --from-file <file>', 'read the case from a YAML or JSON case file (- for stdin); flags override it')
    .addOption(new Option('--field <key=value>', 'set any field by its key; repeatable').argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]))
    .addOption(new Option('--attach <file>', 'attach a file once the case is filed; repeatable (25 MiB each)').argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]))
    .option('--batch <file>', 'file many cases from NDJSON or a YAML list (- for stdin): all validated before any is sent')
    .option('--concurrency <n>', 'with --batch: cases in flight at once (1-32, default 8)')
    .option('--draft <id>', 'resume a saved draft (see: ic-support case drafts)')
    .option('--dry-run', 'validate and print the exact request; send nothing')
    .option('--idempotency-key <key>', 'a key of your own for this submission: re-running with it never files twice')
    .option('--json', 'print the created case as JSON');
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
Ctrl-C keeps your answers as a draft. Exit 0 when filed (or already filed with this key); 9 when
the portal cannot be reached: the case waits in the outbox (ic-support outbox send). The same case
file (or batch) run again is recognised by its content and never filed twice.
`,
    )
    .action(lazy(() => import('./submit.js')));

  c.command('drafts')
    .description('list the drafts of cases not yet filed (kept on Ctrl-C, Save draft, or a failure)')
    .option('--json', 'print JSON')
    .option('--delete <id>', 'delete a draft')
    .addHelpText('after', examples('ic-support case drafts', 'ic-support case submit --draft 20261128-a1b2c3', 'ic-support case drafts --delete 20261128-a1b2c3'))
    .action(lazy(() => import('./drafts.js')));

  c.command('types')
    .description('list the ten case types with their descriptions and examples')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('ic-support case types', 'ic-support case types --json | jq -r ".[].id"'))
    .action(lazy(() => import('./types.js')));

  c.command('fields')
    .description("list a case type's fields: key, label, kind, required, default, choices, help")
    .addArgument(new Argument('<case-type>', 'a case type id (see: ic-support case types)'))
    .option('--json', 'print JSON')
    .addHelpText('after', examples('ic-support case fields application-issue', 'ic-support case fields modify-support-contacts --json'))
    .action(lazy(() => import('./fields.js')));

  c.command('lint')
    .description("check a case file against the guide's advice for a good case (warns, never blocks)")
    .addArgument(new Argument('<file>', 'the case file; - reads standard input'))
    .option('--json', 'print the warnings as JSON')
    .option('--strict', 'exit 2 when there is any warning (for CI)')
    .addHelpText(
      'after',
      `${examples('ic-support case lint grades.yaml', 'ic-support case lint --strict --json case.json')}
Checks: a description that says who, what, where and when; a brief, specific subject; steps to
reproduce and expected results on an Application Issue; sensitive data such as a Social Security
number. It also validates the file (exit 2 when it is not valid).
`,
    )
    .action(lazy(() => import('./lint.js')));

  c.command('template')
    .description('print a commented YAML case file to fill in, for a case type')
    .addArgument(new Argument('<case-type>', 'a case type id (see: ic-support case types)'))
    .addHelpText('after', examples('ic-support case template application-issue > grades.yaml', 'ic-support case validate grades.yaml'))
    .action(lazy(() => import('./template.js')));

  c.command('validate')
    .description('check a YAML or JSON case file offline and list every problem')
    .addArgument(new Argument('<file>', 'the case file; - reads standard input'))
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `${examples('ic-support case validate outage.yaml', 'cat case.json | ic-support case validate -')}
A case file names its caseType and gives fields by key (see: ic-support case fields <type>).
Editors can check it with schemas/case-file.schema.json. Exit 0 when valid, 2 with every problem.
`,
    )
    .action(lazy(() => import('./validate.js')));
}
