import type { Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../../../cli/command-tree.js';
import { examples } from '../../../../cli/help.js';
import { adminTarget } from '../../shared/admin-target.js';

export const declareSet = (c: Command) =>
  adminTarget(
    c
      .option('--latency-ms <ms>', 'delay before each request')
      .option('--error-rate <share>', 'share answered with a 5xx')
      .option('--error-status <code>', '500, 502, 503 or 504 (default 503)')
      .option('--drop-rate <share>', 'share whose connection is dropped without an answer')
      .option('--drop-after-rate <share>', 'share handled, then dropped without an answer (the case IS filed)')
      .option('--rate-limit-rate <share>', 'share answered 429 with Retry-After')
      .option('--retry-after <seconds>', 'the Retry-After of injected 429s (default 1)')
      .option('--paths <prefixes>', 'comma-separated path prefixes to fault (default: all portal and status paths)')
      .option('--limit <n>', 'stop after N faulted requests (0 = no limit)')
      .addHelpText(
        'after',
        examples(
          'ic-support sandbox faults set --error-rate 0.3 --drop-rate 0.1',
          'ic-support sandbox faults set --rate-limit-rate 1 --retry-after 2 --limit 1 --paths /api/v1/cases',
        ),
      ),
  );

export type SetOptions = OptionsOf<typeof declareSet>;
