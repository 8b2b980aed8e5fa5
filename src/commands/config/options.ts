import { Argument } from '@commander-js/extra-typings';

/** Kept here (not imported from src/config/keys.ts) so that `--help` loads nothing more. */
const KEYS = ['portalUrl', 'notificationsUrl', 'account', 'output', 'caFile'];

/** The `<key>` argument of get, set and unset. */
export const keyArg = () => new Argument('<key>', `a setting: ${KEYS.join(', ')}`);
