/**
 * The flags every admin verb has: where the running sandbox is and where its admin key is, and
 * --json/--jq for its answer. Declared after the verb's own (they come last in its help).
 */
import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../cli/command-tree.js';
import { jqOption, jsonOption } from '../../../cli/json-flags.js';

export const adminTarget = <A extends unknown[], O extends OptionValues, G extends OptionValues>(c: Command<A, O, G>) =>
  c
    .option('--url <url>', 'the running sandbox (default: the one recorded in the data directory)')
    .option('--data-dir <dir>', 'the sandbox data directory holding admin-key (default: <state dir>/sandbox)')
    .addOption(jsonOption("the sandbox's answer"))
    .addOption(jqOption());

type None = Record<never, never>;
export type AdminTargetOptions = OptionsOf<typeof adminTarget<[], None, None>>;
