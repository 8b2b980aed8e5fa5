import { Argument, type Command } from '@commander-js/extra-typings';
import type { ArgumentsOf, OptionsOf } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const declareSend = (c: Command) =>
  c
    .addArgument(new Argument('[id...]', 'only these entries'))
    .addOption(
      jsonOption('one result per line (NDJSON: newline-delimited JSON)', [
        'id',
        'status',
        'number',
        'url',
        'followUp',
        'reason',
        'error',
      ]),
    )
    .addOption(jqOption())
    .addHelpText(
      'after',
      `
Exit 0 when everything was sent, 9 when some still wait (the portal is still unreachable),
or the error's own code (e.g. 3 when the sign-in expired: run ic-support login, then send again).
A damaged entry (a truncated file) is moved to the outbox's damaged/ folder, named, and the
others are sent; the exit code is then 2.
`,
    )
    .addHelpText('after', examples('ic-support outbox send', 'ic-support outbox send o-20261128-1a2b3c4d --json'));

export type SendOptions = OptionsOf<typeof declareSend>;
export type SendArguments = ArgumentsOf<typeof declareSend>;
