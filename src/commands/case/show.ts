/** `ic-support case show <number>`: the guide's Case Details, the thread and the attachments. */
import { spawn } from 'node:child_process';
import type { CommandRun, Context } from '../../cli/context.js';
import { caseDetails, normalizeCaseNumber, threadView } from '../../domain/case-view.js';
import { renderCaseDetails } from '../../render/case-details.js';
import { styler } from '../../io/style.js';
import { userTimeZone } from '../../domain/time-zone.js';
import { inert, inertDeep } from '../../render/inert.js';

export interface ShowOptions {
  json?: boolean;
  web?: boolean;
}

const truthy = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

/** The command that opens a URL in the browser here, or undefined where no browser can show it. */
export function browserCommand(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): { cmd: string; args: (url: string) => string[] } | undefined {
  if (truthy(env.CI)) return undefined;
  if (platform === 'darwin') return { cmd: 'open', args: (u) => [u] };
  if (platform === 'win32') return { cmd: 'cmd', args: (u) => ['/c', 'start', '""', u.replace(/&/g, '^&')] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { cmd: 'xdg-open', args: (u) => [u] };
}

/** Starts the browser; false when the opener could not be started (not installed). */
function openBrowser(ctx: Context, url: string): Promise<boolean> {
  const b = browserCommand(ctx.env);
  if (!b) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      const child = spawn(b.cmd, b.args(url), { detached: true, stdio: 'ignore', env: ctx.env });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

export const run: CommandRun<ShowOptions, [string]> = async (ctx, [numberArg], opts) => {
  const number = normalizeCaseNumber(numberArg);
  const client = await ctx.portal();
  if (opts.web) {
    const c = await client.getCase(number);
    if (await openBrowser(ctx, c.url)) ctx.io.err(`Opened case ${c.number} in your browser: ${c.url}\n`);
    else ctx.io.out(`${inert(c.url)}\n`);
    return;
  }
  const got = await Promise.all([client.getCase(number), client.listComments(number), client.listAttachments(number)]);
  if (opts.json) {
    const [c, comments, attachments] = got;
    ctx.io.out(`${JSON.stringify({ ...c, comments, attachments }, null, 2)}\n`);
    return;
  }
  const [c, comments, attachments] = inertDeep(got);
  const tz = userTimeZone(ctx.env);
  const width = ctx.io.stdoutIsTTY ? Math.min(ctx.io.columns, 100) : Infinity;
  ctx.io.out(renderCaseDetails(caseDetails(c, { timeZone: tz }), threadView(comments, attachments, { timeZone: tz }), styler(ctx.io.colorOut), width, c.url));
};
