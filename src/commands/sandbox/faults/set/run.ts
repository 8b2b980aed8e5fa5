import type { CommandRun } from '../../../../cli/context.js';
import { UsageError } from '../../../../errors.js';
import { call, locate, print } from '../../shared/admin-call.js';
import { faultLine, type FaultState } from '../shared.js';
import type { SetOptions } from './options.js';

/** The numeric flags: the admin API's name for each, and whether it is a share (0-1) or a whole number. */
const NUMBER_FLAGS = {
  latencyMs: ['latencyMs', 'int'],
  errorRate: ['errorRate', 'rate'],
  errorStatus: ['errorStatus', 'int'],
  dropRate: ['dropRate', 'rate'],
  dropAfterRate: ['dropAfterRate', 'rate'],
  rateLimitRate: ['rateLimitRate', 'rate'],
  retryAfter: ['retryAfterSeconds', 'int'],
  limit: ['limit', 'int'],
} as const satisfies Partial<Record<keyof SetOptions, readonly [string, 'rate' | 'int']>>;

export const run: CommandRun<SetOptions> = async (ctx, _args, opts, { command }) => {
  const t = locate(ctx, command, opts);
  const body: Record<string, unknown> = {};
  for (const [flag, [key, kind]] of Object.entries(NUMBER_FLAGS)) {
    const v = opts[flag as keyof typeof NUMBER_FLAGS];
    if (v === undefined) continue;
    const n = Number(v);
    const name = `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (kind === 'rate' && !(n >= 0 && n <= 1 && v.trim() !== ''))
      throw new UsageError(`${name} must be a share from 0 to 1, such as 0.3; not "${v}".`);
    if (kind === 'int' && !/^\d+$/.test(v.trim())) throw new UsageError(`${name} must be a whole number, not "${v}".`);
    body[key] = n;
  }
  if (opts.paths !== undefined)
    body.paths = opts.paths
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  const s = (await call(ctx, t, 'PUT', '/sandbox/v1/faults', body)) as FaultState;
  await print(ctx, t, s, faultLine(s));
};
