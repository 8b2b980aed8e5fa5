/** Keeps secrets out of `--verbose` logs and error messages. */

const PATTERNS: [RegExp, string][] = [
  [/(authorization:\s*)(bearer\s+)?\S+/gi, '$1$2[redacted]'],
  [/\bbearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/("(?:token|password|accessToken|secret)"\s*:\s*")[^"]*(")/gi, '$1[redacted]$2'],
  [/([?&](?:token|password|access_token)=)[^&\s]+/gi, '$1[redacted]'],
  // A URL's user information (a proxy's user name and password): scheme://user:pass@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1[redacted]@'],
];

export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}
