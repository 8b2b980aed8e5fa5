/**
 * The text of `ic-support notifications` (the banner and the notices), `notifications show` (one
 * notice and its timeline) and the stale warning. Pure: given the data, the zone, the color and
 * the width. The data handed in has had its controls made visible where it entered (src/text/show-controls.ts).
 */
import {
  bannerView,
  formatAge,
  formatInstant,
  formatWindow,
  inProgress,
  listedUpdates,
  updatesNewestFirst,
  type Notice,
} from '../domain/notifications.js';
import { wrap } from '../domain/text.js';
import { styler, type Styler } from '../io/style.js';
import type { Notifications } from '../portal/schemas.js';

export interface NoticeLook {
  tz: string;
  color: boolean;
  /** Width to wrap to; Infinity when piped (one paragraph per line, for grep). */
  width: number;
}

/** Width for wrapping: the terminal's, or none when piped. */
export function wrapWidth(io: { stdoutIsTTY: boolean; columns: number }): number {
  return io.stdoutIsTTY ? Math.min(io.columns, 100) : Infinity;
}

/** The stale warning on stderr: what failed, and how old the state shown is. */
export function staleLine(
  f: { fetchedAt: string; url: string; reason?: string | undefined },
  now: Date,
  tz: string,
  color: boolean,
): string {
  const age = formatAge(now.getTime() - Date.parse(f.fetchedAt));
  const s = styler(color);
  return `${s.yellow('STALE:')} cannot reach the Notifications page (${f.reason ?? 'unavailable'}). Showing the state fetched ${age} ago (${formatInstant(f.fetchedAt, tz)}) from ${f.url}; it may be out of date.\n`;
}

const BANNER_STYLE: Record<'orange' | 'green' | 'gray', { bg: keyof Styler; fg: keyof Styler }> = {
  // ANSI has no orange: the 16-color yellow, which many terminals draw as orange.
  orange: { bg: 'bgYellow', fg: 'yellow' },
  green: { bg: 'bgGreen', fg: 'green' },
  gray: { bg: 'bgGray', fg: 'gray' },
};

/**
 * The banner: "[MAINTENANCE] There is 1 open maintenance item." colored as the portal does.
 * `resolvedIncidents`: open incidents reported resolved, said apart from those in progress.
 */
export function bannerLines(banner: Notifications['banner'], color: boolean, resolvedIncidents = 0): string {
  const v = bannerView(banner.openIncidents, banner.openMaintenance, resolvedIncidents);
  const s = styler(color);
  // A color the client does not know (the contract's set is open) is drawn as the quiet one.
  const st = Object.hasOwn(BANNER_STYLE, banner.color)
    ? BANNER_STYLE[banner.color as keyof typeof BANNER_STYLE]
    : BANNER_STYLE.gray;
  const head = color
    ? `${s[st.bg](s.bold(` ${v.label} `))} ${s.bold(s[st.fg](v.headline))}`
    : `[${v.label}] ${v.headline}`;
  const tail =
    banner.color === 'gray'
      ? 'History of maintenance and incidents: ic-support notifications --closed'
      : 'Details below; the whole timeline of one: ic-support notifications show <id>';
  return `${head}\n${s.dim(tail)}\n`;
}

/** Body text indented under a label: paragraphs kept, wrapped to the terminal when there is one. */
export function indentBody(body: string, indent: string, width: number): string {
  return body
    .split(/\n\s*\n/)
    .map((p) => (Number.isFinite(width) ? wrap(p, width, indent) : indent + p.replace(/\s+/g, ' ').trim()))
    .join(`\n${indent.trimEnd() ? indent : ''}\n`);
}

export function noticeBlock(n: Notice, o: NoticeLook & { allUpdates: boolean }): string {
  const s = styler(o.color);
  const kindText = n.kind === 'incident' ? s.yellow(n.kind) : s.green(n.kind);
  const lines = [
    s.bold(n.title),
    `  kind:    ${kindText}`,
    `  window:  ${formatWindow(n.startsAt, n.endsAt, o.tz)}`,
    `  status:  ${n.status}${n.state === 'closed' ? ' (closed)' : ''}`,
  ];
  // Newest first, as the portal's page: every update with --since, else the latest and the first post.
  const listed = listedUpdates(n.updates);
  const shown: { label: string; u: Notice['updates'][number] }[] = o.allUpdates
    ? updatesNewestFirst(n.updates).map((u) => ({ label: 'update: ', u }))
    : [
        ...(listed.latest ? [{ label: 'latest: ', u: listed.latest }] : []),
        ...(listed.first ? [{ label: 'first:  ', u: listed.first }] : []),
      ];
  if (shown.length === 0) lines.push(`  latest:  ${s.dim('no update posted')}`);
  for (const { label, u } of shown) {
    lines.push(`  ${label} ${formatInstant(u.postedAt, o.tz)}`);
    lines.push(indentBody(u.body, '           ', o.width));
  }
  lines.push(`  id:      ${n.id}`);
  return lines.join('\n');
}

/** The banner, then the open (or closed) notices. */
export function renderNoticeList(
  data: Notifications,
  state: 'open' | 'closed',
  list: readonly Notice[],
  since: Date | undefined,
  o: NoticeLook,
  // The closed list holds no open incident: --closed passes the open ones, for the same banner.
  openNotices: readonly Notice[] = data.notifications,
): string {
  const resolved = openNotices.filter((n) => n.kind === 'incident' && n.state === 'open' && !inProgress(n)).length;
  const parts = [bannerLines(data.banner, o.color, resolved)];
  const what = state === 'open' ? 'Open notifications' : 'Closed notifications';
  const sinceText = since ? ` with updates since ${formatInstant(since, o.tz)}` : '';
  if (list.length === 0) parts.push(`\nNo ${state} notifications${sinceText}.\n`);
  else {
    parts.push(`\n${what}${sinceText} (${list.length}):\n\n`);
    parts.push(`${list.map((n) => noticeBlock(n, { ...o, allUpdates: Boolean(since) })).join('\n\n')}\n`);
  }
  return parts.join('');
}

/** One notice with its whole timeline, newest first as the portal shows it; `staleAgeMs` when shown from the cache. */
export function renderNotice(
  n: Notice,
  since: Date | undefined,
  staleAgeMs: number | undefined,
  o: NoticeLook,
): string {
  const s = styler(o.color);
  const lines = [
    s.bold(n.title),
    `  kind:    ${n.kind === 'incident' ? s.yellow(n.kind) : s.green(n.kind)}`,
    `  state:   ${n.state}`,
    `  status:  ${n.status}`,
    `  window:  ${formatWindow(n.startsAt, n.endsAt, o.tz)}`,
    `  posted:  ${formatInstant(n.postedAt, o.tz)}`,
    `  id:      ${n.id}`,
    '',
  ];
  const sinceNote = since ? ` since ${formatInstant(since, o.tz)}` : '';
  if (n.updates.length === 0) lines.push(`No updates${sinceNote}.`);
  else {
    // Newest first, as the guide's screenshot (the 2:15 PM update above the first post); numbered in posting order.
    lines.push(`Updates${sinceNote} (${n.updates.length}, newest first):`);
    const sorted = updatesNewestFirst(n.updates);
    sorted.forEach((u, i) => {
      lines.push(
        '',
        s.bold(`${sorted.length - i}. ${formatInstant(u.postedAt, o.tz)}`),
        indentBody(u.body, '   ', o.width),
      );
    });
  }
  if (staleAgeMs !== undefined) lines.push('', s.dim(`(as fetched ${formatAge(staleAgeMs)} ago)`));
  return `${lines.join('\n')}\n`;
}
