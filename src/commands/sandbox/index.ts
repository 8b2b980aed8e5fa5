/**
 * `ic-support sandbox`: the noun is a command itself (run the sandbox portal in the foreground:
 * ./options.ts, ./run.ts); its verbs act as the vendor on a running one, over its admin API
 * (each in its folder, sharing shared/admin-target.ts for their flags and shared/admin-call.ts).
 */
import { defineNoun } from '../../cli/command-tree.js';
import { clock } from './clock/index.js';
import { comment } from './comment/index.js';
import { count } from './count/index.js';
import { escalate } from './escalate/index.js';
import { faults } from './faults/index.js';
import { mailbox } from './mailbox/index.js';
import { notify } from './notify/index.js';
import { declareSandbox } from './options.js';
import { postResolution } from './post-resolution/index.js';
import { resolve } from './resolve/index.js';

export const sandboxNoun = defineNoun({
  declare: declareSandbox,
  load: () => import('./run.js'),
  verbs: [notify, comment, resolve, postResolution, escalate, clock, mailbox, count, faults],
});
