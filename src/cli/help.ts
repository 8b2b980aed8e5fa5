/** Help text helpers shared by the command declarations. Light: imports only the errors' table. */
import { EXIT_CODES } from '../errors.js';

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** The root help's list of exit codes, one a line, written from the one table (src/errors.ts). */
export function exitCodesHelp(): string {
  const codes = Object.values(EXIT_CODES);
  const width = Math.max(...codes.map((e) => String(e.code).length));
  return `Exit codes:\n${codes.map((e) => `  ${String(e.code).padEnd(width)}  ${e.meaning}\n`).join('')}`;
}

/** The environment variables the CLI reads, as README.md's "Environment" table states them. */
const ENVIRONMENT: readonly (readonly [string, string])[] = [
  ['IC_SUPPORT_TOKEN', 'the token to use (CI); overrides the stored one'],
  ['IC_SUPPORT_PORTAL_URL', "the portal's address, instead of the profile's portalUrl"],
  ['IC_SUPPORT_NOTIFICATIONS_URL', "the Notifications page's address, instead of the profile's"],
  ['IC_SUPPORT_PROFILE', 'the profile (same as --profile)'],
  ['IC_SUPPORT_CONFIG_DIR', 'one folder for all state: settings, credentials, drafts, outbox, sandbox data, caches'],
  ['IC_SUPPORT_SQLITE', "node:sqlite or better-sqlite3: the sandbox's SQLite driver"],
  ['IC_SUPPORT_HTTP_RETRIES', 'retries of a failed request after its first attempt (0-10, default 3: 4 attempts)'],
  ['IC_SUPPORT_HTTP_TIMEOUT', 'seconds to wait for the portal to answer (0.1-600, default 30)'],
  ['IC_SUPPORT_JQ_TIMEOUT', 'seconds a --jq filter may run (0.1-600, default 5; then exit 2)'],
  ['HTTPS_PROXY, HTTP_PROXY, NO_PROXY', 'proxies, honored'],
  ['NODE_EXTRA_CA_CERTS', "a TLS-inspecting proxy's CA certificates (or --ca-file)"],
  ['IC_SUPPORT_NO_INPUT', 'never prompt (same as --no-input; CI=true implies it)'],
  ['NO_COLOR', 'no color (same as --no-color)'],
  ['BROWSER', 'the browser --web opens pages with (a command, with its arguments)'],
  ['TZ, IC_SUPPORT_TZ', 'the time zone of shown times'],
  ['IC_SUPPORT_DEBUG', 'print stack traces of internal errors'],
];

/** `ic-support help <topic>`: topics that are not commands. */
export const HELP_TOPICS: Readonly<Record<string, () => string>> = {
  environment: () => {
    const width = Math.max(...ENVIRONMENT.map(([name]) => name.length));
    return `Environment variables:\n${ENVIRONMENT.map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}\n`).join('')}`;
  },
  'exit-codes': exitCodesHelp,
};
