/**
 * Which portal URLs the client may talk to. A token and a password travel in every request, so
 * plain http is refused except on the loopback interface (the sandbox on this machine).
 */
/**
 * A dotted-quad IPv4 address, as the URL parser writes every IPv4 host. Not node:net's isIP:
 * loading node:net costs every command that reads the settings ~2 ms.
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (IPV4.test(h)) return h.startsWith('127.');
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** Normalizes a base URL (no trailing slash, no query) or says what is wrong with it. */
export function checkPortalUrl(raw: string): UrlCheck {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, message: `"${raw}" is not a URL; give one such as https://support.example.org` };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return { ok: false, message: `"${raw}" uses ${u.protocol}; only https:// is supported` };
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) {
    return {
      ok: false,
      message: `"${raw}" uses plain http, which would send your password and token readable by anyone on the network; use https:// (plain http is allowed only for loopback addresses such as 127.0.0.1, where the sandbox runs)`,
    };
  }
  if (u.username || u.password) return { ok: false, message: 'the URL must not contain a user name or password' };
  if (u.search || u.hash) return { ok: false, message: `"${raw}" has a query or fragment; give only the base URL` };
  return { ok: true, url: `${u.origin}${u.pathname.replace(/\/+$/, '')}` };
}
