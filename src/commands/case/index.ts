/** `ic-support case …`: declarations of the case verbs; each runs from its own module. */
import { Argument, type Command } from 'commander';
import { examples, type Lazy } from '../../cli/program.js';

export function registerCase(program: Command, lazy: Lazy): void {
  const c = program
    .command('case')
    .description('submit, check and follow support cases')
    .addHelpText('after', examples('ic-support case types', 'ic-support case template data-restore > restore.yaml', 'ic-support case validate restore.yaml'));

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
