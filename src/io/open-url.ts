/**
 * `--web`: opening a page of the portal in the user's browser. The URL comes from the portal's
 * answer, so it is checked before anything runs it: only https (or http on this machine, for the
 * sandbox) on the portal's own host is opened. Anything else (file:, smb:, javascript:, another
 * host, a value starting with "-" that an opener would take for an option) is printed, its controls shown,
 * with the reason it was not opened. The opener gets the URL as re-serialized by the URL parser,
 * which always starts with its scheme, so it can never be read as an option.
 */
import { spawn } from 'node:child_process';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { showControls } from '../text/show-controls.js';
import type { IOStreams } from './iostreams.js';

const truthy = (v: string | undefined): boolean =>
  v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

export type WebUrlCheck = { ok: true; url: string } | { ok: false; why: string };

/** Whether the portal's `raw` URL may be opened: https (or loopback http) on the portal's host. */
export function checkWebUrl(raw: string, portalUrl: string): WebUrlCheck {
  // The URL parser would quietly drop tabs and newlines and trim control characters: refuse them,
  // and the forms src/text/show-controls.ts shows them in (^[, <U+202E>): characters a URL never
  // holds raw, so a URL that arrived with controls is refused, not opened as shown.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f^<>\u202a-\u202e\u2066-\u2069]/.test(raw))
    return { ok: false, why: 'it contains spaces or control characters' };
  let url: URL;
  let portal: URL;
  try {
    url = new URL(raw);
    portal = new URL(portalUrl);
  } catch {
    return { ok: false, why: 'it is not an absolute URL' };
  }
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return {
      ok: false,
      why: `it is a ${url.protocol.replace(/:$/, '')}: URL, and only https is opened (http only on this machine)`,
    };
  }
  if (url.username || url.password) return { ok: false, why: 'it carries a user name or password' };
  if (url.hostname !== portal.hostname)
    return { ok: false, why: `it is on ${url.hostname}, not on the portal's host ${portal.hostname}` };
  return { ok: true, url: url.href };
}

/** The command that opens a URL in the browser here, or undefined where no browser can show it. */
export function browserCommand(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): { cmd: string; args: (url: string) => string[] } | undefined {
  if (truthy(env.CI)) return undefined;
  // The user's choice first, as gh and git honor it: a command, with its own arguments before the URL.
  const chosen = env.BROWSER?.trim().split(/\s+/);
  if (chosen?.[0]) {
    const [cmd, ...own] = chosen;
    return { cmd, args: (u) => [...own, u] };
  }
  if (platform === 'darwin') return { cmd: 'open', args: (u) => [u] };
  // Not `cmd /c start`: cmd would interpret & | ^ in the URL. This hands it to the shell as data.
  if (platform === 'win32') return { cmd: 'rundll32', args: (u) => ['url.dll,FileProtocolHandler', u] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { cmd: 'xdg-open', args: (u) => [u] };
}

/** Starts the browser on a checked URL; false when there is no opener or it could not start. */
function startBrowser(env: NodeJS.ProcessEnv, url: string): Promise<boolean> {
  const b = browserCommand(env);
  if (!b) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      const child = spawn(b.cmd, b.args(url), { detached: true, stdio: 'ignore', env, shell: false });
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

export interface WebPage {
  /** The URL from the portal's answer. */
  url: string;
  /** The portal's base URL: the page must be on its host. */
  portalUrl: string;
  /** What the page shows, in messages: "case 00001042". */
  what: string;
}

/**
 * Opens a page of the portal in the browser, or prints its URL (no display, CI). A URL that is not
 * the portal's own is printed inert, never opened, and reported as a bad answer of the portal.
 */
export async function openWebPage(
  ctx: { io: IOStreams; env: NodeJS.ProcessEnv; globals?: { sandbox?: boolean | undefined } },
  page: WebPage,
): Promise<void> {
  // The practice portal of --sandbox stops with this command: a browser would open a dead page.
  if (ctx.globals?.sandbox)
    throw new UsageError(
      `--web opens nothing with --sandbox: the practice portal stops when this command ends, so ${page.what} has no page to open.`,
      'Run the sandbox on its own (ic-support sandbox) and point portalUrl at it to browse its pages.',
    );
  const check = checkWebUrl(page.url, page.portalUrl);
  if (!check.ok) {
    ctx.io.out(`${showControls(page.url)}\n`);
    throw new CliError(
      `The portal's URL for ${page.what} was not opened in your browser: ${check.why}.`,
      ExitCode.badPortalAnswer,
      "ic-support opens only https pages on the portal's own host (http on this machine for the sandbox). Check portalUrl (ic-support config get portalUrl).",
    );
  }
  if (await startBrowser(ctx.env, check.url)) ctx.io.err(`Opened ${page.what} in your browser: ${check.url}\n`);
  else ctx.io.out(`${check.url}\n`);
}
