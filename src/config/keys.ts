/**
 * The settings a profile holds, as data: each key's description, how a value typed by the user is
 * checked, and the example shown in help. `config set|get|unset|list` and the loader all go through
 * this one table. Tokens are not settings: `ic-support login` stores them, in their own file.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkPortalUrl } from '../portal/url.js';
import { parseTimeoutSeconds } from '../domain/limits.js';

export const OUTPUT_FORMATS = ['text', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface ProfileSettings {
  portalUrl?: string;
  notificationsUrl?: string;
  account?: string;
  output?: OutputFormat;
  caFile?: string;
  /** Seconds, as typed (see HTTP_TIMEOUT below). */
  httpTimeout?: string;
}
export type ConfigKey = keyof ProfileSettings;

export interface KeyDef {
  description: string;
  example: string;
  /**
   * Returns the value to store, or a message saying what is wrong and what a good value is. A
   * relative path is read from `cwd`, the folder the command runs in (ctx.cwd).
   */
  parse(raw: string, cwd: string): { ok: true; value: string } | { ok: false; message: string };
}

const ok = (value: string) => ({ ok: true as const, value });
const bad = (message: string) => ({ ok: false as const, message });

function urlKey(what: string, example: string): KeyDef {
  return {
    description: what,
    example,
    parse(raw) {
      const r = checkPortalUrl(raw.trim());
      return r.ok ? ok(r.url) : bad(r.message);
    },
  };
}

/**
 * Where the guide sends a person to sign in ("navigate to https://support.infinitecampus.com/customers"):
 * named wherever a first-time user sets portalUrl, which is that portal's API address.
 */
export const GUIDE_PORTAL_URL = 'https://support.infinitecampus.com/customers';

export const CONFIG_KEYS: Record<ConfigKey, KeyDef> = {
  portalUrl: urlKey(
    `the Support Portal API base URL (https; http only for loopback); the guide's Support Portal is ${GUIDE_PORTAL_URL}`,
    'https://support.example.org',
  ),
  notificationsUrl: urlKey(
    "the Notifications page's base URL for notifications (default: portalUrl)",
    'https://status.example.org',
  ),
  account: {
    description: 'the district (id, name, or a part of a name only it has) used when a case does not name one',
    example: 'Bayside School (TESTING)',
    parse: (raw) =>
      raw.trim() === ''
        ? bad('must not be empty; give a district id or name')
        : raw.length > 200
          ? bad('at most 200 characters')
          : ok(raw.trim()),
  },
  output: {
    description: `default output format: ${OUTPUT_FORMATS.join(' | ')}`,
    example: 'json',
    parse: (raw) =>
      (OUTPUT_FORMATS as readonly string[]).includes(raw.trim())
        ? ok(raw.trim())
        : bad(`must be one of ${OUTPUT_FORMATS.join(', ')}`),
  },
  caFile: {
    description: "a PEM file of extra CA certificates (a district's TLS-inspecting proxy)",
    example: '/etc/ssl/district-ca.pem',
    parse(raw, cwd) {
      const p = resolve(cwd, raw.trim());
      if (!existsSync(p)) return bad(`${p} does not exist; give the path of a PEM file with the CA certificate`);
      if (!statSync(p).isFile()) return bad(`${p} is not a file; give the path of a PEM file`);
      return ok(p);
    },
  },
  httpTimeout: {
    description:
      'seconds to wait for the portal to start answering, and between parts of an answer (default 30; a request takes twice that at most); IC_SUPPORT_HTTP_TIMEOUT overrides it',
    example: '90',
    parse(raw) {
      const r = parseTimeoutSeconds(raw);
      return r.ok ? ok(raw.trim()) : bad(r.message);
    },
  },
};

export function isConfigKey(k: string): k is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, k);
}

export const SECRET_LIKE_KEYS = ['token', 'password', 'secret'];

/** Profile names become object keys and appear in messages: keep them plain. */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
