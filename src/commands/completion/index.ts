/** `ic-support completion <shell>`: the shell scripts, which ask the hidden `__complete` (complete/). */
import { defineNoun } from '../../cli/command-tree.js';
import { declareCompletion } from './options.js';

export const completionNoun = defineNoun({ declare: declareCompletion, load: () => import('./run.js') });
