/** `ic-support notifications --ics [file]`: open and upcoming maintenance windows as an iCalendar file. */
import type { Context } from '../../cli/context.js';
import { ExitCode, FileProblemError } from '../../errors.js';
import { calendarItems, toIcs } from '../../domain/notifications.js';
import { staleLine } from '../../render/notifications.js';
import { showControlsIn } from '../../text/show-controls.js';
import { writeUserFileAtomic } from '../../state/atomic.js';
import { fetchList, type StatusSource } from './shared/status-source.js';

function writeCalendar(file: string, text: string): void {
  try {
    writeUserFileAtomic(file, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : `${code}: ${(e as Error).message}`;
    throw new FileProblemError(
      file,
      `cannot write the calendar here (${why})`,
      'Give --ics a file in a folder you can write, or - (or nothing) for standard output.',
    );
  }
}

export async function ics(ctx: Context, src: StatusSource, target: string | boolean, tz: string): Promise<number> {
  const f = await fetchList(ctx, src, 'open');
  if (f.stale) ctx.io.err(staleLine(f, ctx.clock.now(), tz, ctx.io.colorErr));
  // A calendar may go to a terminal (--ics -), and iCalendar text has no place for controls either.
  const items = calendarItems(showControlsIn(f.data.notifications));
  const text = toIcs(items, { now: ctx.clock.now(), host: src.host, source: f.url });
  if (target === true || target === '-' || target === '') {
    ctx.io.out(text);
    return ExitCode.ok;
  }
  const file = String(target);
  writeCalendar(file, text);
  ctx.io.err(`Wrote ${items.length} maintenance window${items.length === 1 ? '' : 's'} to ${file}.\n`);
  return ExitCode.ok;
}
