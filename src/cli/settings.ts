/**
 * A profile's settings as a command uses them: the profile's files, then the environment, then the
 * flags; and the token to send, only to the portal that issued it. Resolved once per invocation by
 * the context (src/cli/context.ts), which passes in what it has opened (the store, the sandbox).
 */
import type { ConfigStore } from '../config/store.js';
import type { OutputFormat } from '../config/keys.js';
import type { SandboxHandle } from '../sandbox/embedded.js';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../errors.js';

export type TokenSource = 'env' | 'config' | 'sandbox';

/** A value and where it came from, for messages and `auth status`. */
export interface Sourced {
  value: string;
  source: string;
}

export interface Settings {
  profile: string;
  portalUrl: Sourced | undefined;
  notificationsUrl: Sourced | undefined;
  account: string | undefined;
  output: OutputFormat | undefined;
  caFile: { path: string; source: string } | undefined;
  /** The profile's httpTimeout in ms (IC_SUPPORT_HTTP_TIMEOUT, read by the client, wins). */
  httpTimeoutMs: number | undefined;
  token: { value: string; source: TokenSource; expiresAt?: string | undefined; email?: string | undefined } | undefined;
  /** A token stored for this profile but issued by another portal (never sent elsewhere). */
  tokenForOtherPortal: string | undefined;
}

/** What resolving needs from the context: its inputs, and the services it opens only when needed. */
export interface SettingsInputs {
  env: NodeJS.ProcessEnv;
  /** The global flags that bear on settings. */
  globals: { sandbox?: boolean | undefined; caFile?: string | undefined };
  cwd: string;
  profile: string;
  debug(line: string): void;
  /** The config store (conf), opened only when the files cannot be read directly. */
  store(): Promise<ConfigStore>;
  /** Whether a test replaced the store: then the files are never read behind its back. */
  storeInjected: boolean;
  /** The embedded sandbox when --sandbox was given. */
  sandbox(): Promise<SandboxHandle | undefined>;
  /** Signs in to the practice portal as its demo contact (when no token for it is held yet). */
  signInToSandbox(sb: SandboxHandle): Promise<{ token: string; expiresAt: string; email: string }>;
}

type ProfileValues = ReturnType<ConfigStore['profile']>;

export async function resolveSettings(inputs: SettingsInputs): Promise<Settings> {
  const { env, globals, profile } = inputs;
  // Reading needs no store (conf/ajv/zod cost ~200 ms): the settings and the token are read from
  // the files directly when they are plainly valid; anything else opens the store, which reports
  // a broken file exactly as before.
  const files = !globals.sandbox && !inputs.storeInjected ? await import('../config/profile-file.js') : undefined;
  const light = files?.readProfileSettings(env, profile);
  if (light) inputs.debug('settings: read from the files; the store (conf) was not opened');
  const store = light ? undefined : await inputs.store();
  const prof = light ?? store!.profile(profile);
  const out = await profileSettings(inputs, prof);

  const sb = await inputs.sandbox();
  if (sb) {
    if (env.IC_SUPPORT_TOKEN || env.IC_SUPPORT_PORTAL_URL)
      inputs.debug('--sandbox: IC_SUPPORT_TOKEN and IC_SUPPORT_PORTAL_URL are ignored');
    // Not reached without the store: the light path is never taken with --sandbox.
    return sandboxSettings(inputs, out, sb, store!);
  }

  const { checkPortalUrl } = await import('../portal/url.js');
  const sourced = (value: string | undefined, source: string, fix: string): Sourced | undefined => {
    if (value === undefined || value === '') return undefined;
    const r = checkPortalUrl(value);
    if (!r.ok) throw new UsageError(`${source}: ${r.message}`, fix);
    return { value: r.url, source };
  };
  out.portalUrl =
    sourced(
      env.IC_SUPPORT_PORTAL_URL,
      'IC_SUPPORT_PORTAL_URL',
      'Set it to the https:// URL of the portal, or unset it.',
    ) ??
    sourced(
      prof.portalUrl,
      `portalUrl of profile "${profile}"`,
      `Fix it with: ic-support config set portalUrl https://… --profile ${profile}`,
    );
  out.notificationsUrl =
    sourced(
      env.IC_SUPPORT_NOTIFICATIONS_URL,
      'IC_SUPPORT_NOTIFICATIONS_URL',
      'Set it to the https:// URL of the Notifications page, or unset it.',
    ) ??
    sourced(
      prof.notificationsUrl,
      `notificationsUrl of profile "${profile}"`,
      `Fix it with: ic-support config set notificationsUrl https://… --profile ${profile}`,
    ) ??
    (out.portalUrl ? { value: out.portalUrl.value, source: 'portalUrl' } : undefined);

  if (env.IC_SUPPORT_TOKEN) {
    out.token = { value: env.IC_SUPPORT_TOKEN.trim(), source: 'env' };
  } else {
    const cred = store
      ? store.credential(profile)
      : (files?.readStoredCredential(env, profile) ?? { credential: (await inputs.store()).credential(profile) })
          .credential;
    if (cred && out.portalUrl && cred.portalUrl === out.portalUrl.value)
      out.token = { value: cred.token, source: 'config', expiresAt: cred.expiresAt, email: cred.email };
    else if (cred) out.tokenForOtherPortal = cred.portalUrl;
  }
  return out;
}

/** What the profile alone decides (with --ca-file over its caFile); the portal and token come after. */
async function profileSettings(inputs: SettingsInputs, prof: ProfileValues): Promise<Settings> {
  const { globals, cwd, profile } = inputs;
  const out: Settings = {
    profile,
    portalUrl: undefined,
    notificationsUrl: undefined,
    account: prof.account,
    output: prof.output,
    caFile: globals.caFile
      ? { path: isAbsolute(globals.caFile) ? globals.caFile : join(cwd, globals.caFile), source: '--ca-file' }
      : prof.caFile
        ? { path: prof.caFile, source: `caFile of profile "${profile}"` }
        : undefined,
    httpTimeoutMs: undefined,
    token: undefined,
    tokenForOtherPortal: undefined,
  };
  if (prof.httpTimeout !== undefined) {
    const { parseTimeoutSeconds } = await import('../domain/limits.js');
    const t = parseTimeoutSeconds(prof.httpTimeout);
    if (!t.ok)
      throw new UsageError(
        `httpTimeout of profile "${profile}": ${t.message}`,
        `Fix it with: ic-support config set httpTimeout 30 --profile ${profile}`,
      );
    out.httpTimeoutMs = t.ms;
  }
  return out;
}

/** The practice portal's address, and its demo contact's token (kept in memory, never in a real profile). */
async function sandboxSettings(
  inputs: SettingsInputs,
  out: Settings,
  sb: SandboxHandle,
  store: ConfigStore,
): Promise<Settings> {
  out.portalUrl = { value: sb.url.replace(/\/+$/, ''), source: 'sandbox' };
  out.notificationsUrl = { value: sb.statusUrl.replace(/\/+$/, ''), source: 'sandbox' };
  let cred = store.credential(inputs.profile);
  if (!cred) {
    const session = await inputs.signInToSandbox(sb);
    cred = { token: session.token, portalUrl: out.portalUrl.value, expiresAt: session.expiresAt, email: session.email };
    store.setCredential(inputs.profile, cred);
  }
  out.token = {
    value: cred.token,
    source: cred.email === sb.demo.email ? 'sandbox' : 'config',
    expiresAt: cred.expiresAt,
    email: cred.email,
  };
  return out;
}
