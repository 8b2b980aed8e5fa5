/**
 * `ic-support case …`: the case verbs, each in its own folder (its options.ts, index.ts, run.ts and
 * parts; what several share in shared/). A verb's name, aliases and one line are set at once; its
 * arguments, options and help when it is used (src/cli/command-tree.ts), so that `case list` does
 * not build `case submit`'s flags.
 */
import { defineNoun } from '../../cli/command-tree.js';
import { examples } from '../../cli/help.js';
import { attach } from './attach/index.js';
import { close } from './close/index.js';
import { comment } from './comment/index.js';
import { download } from './download/index.js';
import { drafts } from './drafts/index.js';
import { fields } from './fields/index.js';
import { lint } from './lint/index.js';
import { list } from './list/index.js';
import { reopen } from './reopen/index.js';
import { show } from './show/index.js';
import { submit } from './submit/index.js';
import { template } from './template/index.js';
import { types } from './types/index.js';
import { validate } from './validate/index.js';
import { watch } from './watch/index.js';

export const caseNoun = defineNoun({
  declare: (c) =>
    c.addHelpText(
      'after',
      examples(
        'ic-support case types',
        'ic-support case template data-restore > restore.yaml',
        'ic-support case validate restore.yaml',
      ),
    ),
  verbs: [
    submit,
    drafts,
    // Following cases.
    list,
    show,
    comment,
    close,
    reopen,
    attach,
    download,
    watch,
    // The catalog and case files.
    types,
    fields,
    lint,
    template,
    validate,
  ],
});
