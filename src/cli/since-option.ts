/**
 * --since, wherever a command takes it (notifications, notifications show, case list), parsed into a
 * time: one parser and one message for every noun (the words are src/domain/notifications.ts's).
 */
import { UsageError } from '../errors.js';
import { parseSince } from '../domain/notifications.js';

export function sinceOption(now: Date, value: string | undefined, tz: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = parseSince(value, now, tz);
  if (!d) {
    throw new UsageError(
      `--since "${value}" is not a time.`,
      'Give a time ago (30m, 2h, 3d, 1w), a date or date and time in your time zone (2024-07-30, "2024-07-30 13:00"), or an ISO time with its zone (2024-07-30T18:00:00Z).',
    );
  }
  return d;
}
