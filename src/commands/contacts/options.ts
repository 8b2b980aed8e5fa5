import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../cli/command-tree.js';
import { examples } from '../../cli/help.js';
import { jqOption, jsonOption } from '../../cli/json-flags.js';

export const declareContacts = (c: Command) =>
  c
    .option(
      '--account <district>',
      "the district (name, a part of a name only it has, or id; default: the profile's account, else all of yours)",
    )
    .addOption(jsonOption('the contacts', undefined, 'name,email,role'))
    .addOption(jqOption())
    .addHelpText(
      'after',
      examples(
        'ic-support contacts',
        'ic-support contacts --account "Bayside School (TESTING)"',
        'ic-support contacts --json name,email',
      ),
    );

export type ContactsOptions = OptionsOf<typeof declareContacts>;
