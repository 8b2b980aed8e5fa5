import type { Command } from '@commander-js/extra-typings';
import { jqOption, jsonOption } from '../../cli/json-flags.js';

/** What `catalog status --json` and `catalog refresh --json` print. */
const FIELDS = [
  'source',
  'portalUrl',
  'version',
  'fetchedAt',
  'etag',
  'stale',
  'fromPortal',
  'types',
  'lists',
  'limits',
  'notInBundled',
];

/** --json/--jq of the catalog in use (both verbs print the same). */
export const catalogJson = (c: Command) => c.addOption(jsonOption('the catalog in use', FIELDS)).addOption(jqOption());
