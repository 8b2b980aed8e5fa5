import { defineCommand } from '../../../cli/command-tree.js';
import { prepareCatalogFlags, type CatalogFlags } from './field-flags.js';
import { declareSubmit } from './options.js';

export const submit = defineCommand<CatalogFlags>({
  name: 'submit',
  summary: 'file a case: prompted on a terminal, or entirely from flags, a case file or stdin',
  declare: declareSubmit,
  // Before commander parses it (and for `help case submit`): the flags of fields only the portal's
  // catalog has, when the arguments need them.
  beforeParse: prepareCatalogFlags,
  load: () => import('./run.js'),
});
