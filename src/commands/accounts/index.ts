/** `ic-support accounts`: the districts the user is a contact of (what --account accepts). */
import { defineNoun } from '../../cli/command-tree.js';
import { declareAccounts } from './options.js';

export const accountsNoun = defineNoun({ declare: declareAccounts, load: () => import('./run.js') });
