/** `ic-support accounts` and `ic-support contacts`: what --account and the Contact field accept. */
import type { Declare } from '../../cli/program.js';
import { examples } from '../../cli/help.js';
import { jsonOptions } from '../../cli/json-flags.js';

export const declareAccounts: Declare = (a, lazy) => {
  jsonOptions(a, 'the districts', 'id,name')
    .addHelpText('after', examples('ic-support accounts', 'ic-support accounts --jq ".[].name"'))
    .action(lazy(() => import('./list.js')));
};

export const declareContacts: Declare = (c, lazy) => {
  c.option('--account <district>', "the district (name or id; default: the profile's account, else all of yours)");
  jsonOptions(c, 'the contacts', 'name,email,role')
    .addHelpText(
      'after',
      examples(
        'ic-support contacts',
        'ic-support contacts --account "Bayside School (TESTING)"',
        'ic-support contacts --json name,email',
      ),
    )
    .action(lazy(() => import('./contacts.js')));
};
