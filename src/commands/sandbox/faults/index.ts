/** `ic-support sandbox faults …`: latency, 5xx, dropped connections and 429s injected into the running sandbox. */
import type { CommandSpec } from '../../../cli/command-tree.js';
import { examples } from '../../../cli/help.js';
import { clear } from './clear/index.js';
import { set } from './set/index.js';
import { show } from './show/index.js';

export const faults: CommandSpec = {
  name: 'faults',
  summary: 'inject faults into the running sandbox: latency, 5xx, dropped connections, 429',
  declare: (f) =>
    f.addHelpText(
      'after',
      examples(
        'ic-support sandbox faults set --error-rate 0.3 --drop-rate 0.1',
        'ic-support sandbox faults show',
        'ic-support sandbox faults clear',
      ),
    ),
  verbs: [set, show, clear],
};
