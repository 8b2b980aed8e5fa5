import { submitDistricts } from '../../../domain/account.js';
import type { CommandRun, TokenSource } from '../../../cli/context.js';
import { styler } from '../../../io/style.js';
import { showControlsIn } from '../../../text/show-controls.js';
import { paths } from '../../../config/paths.js';
import { formatPortalTime } from '../../../domain/case-view.js';
import { parseInstant, userTimeZone } from '../../../domain/time-zone.js';
import { printJson } from '../../../cli/json-output.js';
import type { StatusOptions } from './options.js';

const SOURCE_TEXT: Record<TokenSource, string> = {
  env: 'the IC_SUPPORT_TOKEN environment variable',
  config: 'the credentials file',
  sandbox: "the sandbox's demo sign-in (kept in memory)",
};

function untilText(expiresAt: string, now: Date, tz: string): string {
  const ms = parseInstant(expiresAt) - now.getTime();
  if (Number.isNaN(ms)) return expiresAt;
  const at = formatPortalTime(expiresAt, tz);
  if (ms <= 0) return `${at} (expired)`;
  const min = Math.round(ms / 60_000);
  const rel = min < 60 ? `${min} min` : min < 48 * 60 ? `${Math.round(min / 60)} h` : `${Math.round(min / 1440)} days`;
  return `${at} (in ${rel})`;
}

export const run: CommandRun<StatusOptions> = async (ctx, _args, opts) => {
  const client = await ctx.portal();
  const s = await ctx.settings();
  const answer = await ctx.io.wait('Checking your sign-in with the portal', client.me());
  const source = s.token!.source;
  const file = source === 'config' ? paths(ctx.env).credentialsFile : undefined;
  if (opts.json) {
    const data = {
      portalUrl: client.portalUrl,
      notificationsUrl: client.statusUrl,
      profile: s.profile,
      contact: answer.contact,
      districts: answer.districts,
      token: { source, ...(file ? { file } : {}), expiresAt: answer.token.expiresAt },
    };
    await printJson(ctx, data, opts);
    return;
  }
  const st = styler(ctx.io.colorOut);
  const me = showControlsIn(answer);
  const lines = [
    `Signed in to ${client.portalUrl} as ${st.bold(me.contact.name)} <${me.contact.email}>`,
    // What the portal's GET /me allows (src/domain/account.ts), not a guess from the role's name.
    `  role:       ${me.contact.role}${submitDistricts(answer).length ? '' : ' (cannot file cases)'}`,
    `  districts:  ${me.districts.map((d) => d.name).join(', ') || '(none)'}`,
    `  profile:    ${s.profile}`,
    `  token from: ${SOURCE_TEXT[source]}${file ? ` (${file})` : ''}`,
    `  expires:    ${untilText(me.token.expiresAt, ctx.clock.now(), userTimeZone(ctx.env))}`,
  ];
  ctx.io.out(`${lines.join('\n')}\n`);
};
