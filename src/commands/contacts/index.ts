/** `ic-support contacts [--account]`: a district's contacts (whom a case can name as its Contact). */
import { defineNoun } from '../../cli/command-tree.js';
import { declareContacts } from './options.js';

export const contactsNoun = defineNoun({ declare: declareContacts, load: () => import('./run.js') });
