// --web opens only the portal's own pages (issue 17 item 8): the check, and the opener's argv.
import { describe, expect, it } from 'vitest';
import { browserCommand, checkWebUrl } from '../../src/io/open-url.js';

const PORTAL = 'https://support.example.org/api';

describe('which URLs --web opens', () => {
  it.each([
    ['https://support.example.org/customers/cases/00001042', PORTAL],
    ['https://SUPPORT.example.org:8443/x?y=1#z', PORTAL],
    ['http://127.0.0.1:4010/customers/cases/00001001', 'http://127.0.0.1:4010'],
    ['http://localhost:4010/c', 'http://localhost:4010'],
    ['http://[::1]:4010/c', 'http://[::1]:4010'],
  ])('opens %s', (url, portal) => {
    const r = checkWebUrl(url, portal);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.url).toBe(new URL(url).href);
  });

  it.each([
    ['file:///etc/passwd', 'it is a file: URL, and only https is opened (http only on this machine)'],
    ['smb://support.example.org/share', 'it is a smb: URL, and only https is opened (http only on this machine)'],
    ['javascript:alert(1)', 'it is a javascript: URL, and only https is opened (http only on this machine)'],
    ['http://support.example.org/x', 'it is a http: URL, and only https is opened (http only on this machine)'],
    ['-x', 'it is not an absolute URL'],
    ['--help', 'it is not an absolute URL'],
    ['/customers/cases/1', 'it is not an absolute URL'],
    ['https://evil.example/customers/cases/1', "it is on evil.example, not on the portal's host support.example.org"],
    [
      'https://support.example.org.evil.example/',
      "it is on support.example.org.evil.example, not on the portal's host support.example.org",
    ],
    ['https://user:pw@support.example.org/', 'it carries a user name or password'],
    ['https://support.example.org/\u001b]0;x\u0007', 'it contains spaces or control characters'],
    [' https://support.example.org/', 'it contains spaces or control characters'],
    ['https://support.example.org/a\tb', 'it contains spaces or control characters'],
  ])('refuses %j', (url, why) => {
    expect(checkWebUrl(url, PORTAL)).toEqual({ ok: false, why });
  });

  it('loopback http is the sandbox: not opened for a portal on another host', () => {
    expect(checkWebUrl('http://127.0.0.1:4010/c', PORTAL)).toEqual({
      ok: false,
      why: "it is on 127.0.0.1, not on the portal's host support.example.org",
    });
  });
});

describe('the opener', () => {
  it('gets the URL as its one argument; on Windows not through cmd (which would interpret & and ^)', () => {
    const u = 'https://support.example.org/a?b=1&c=^2';
    expect(browserCommand({ DISPLAY: ':0' }, 'linux')?.args(u)).toEqual([u]);
    expect(browserCommand({}, 'darwin')?.args(u)).toEqual([u]);
    const win = browserCommand({}, 'win32')!;
    expect(win.cmd).toBe('rundll32');
    expect(win.args(u)).toEqual(['url.dll,FileProtocolHandler', u]);
    expect(browserCommand({}, 'linux')).toBeUndefined();
    // BROWSER is honored, on every platform and without a display; CI still only prints (issue 26 §16).
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const b = browserCommand({ BROWSER: 'firefox --new-window' }, platform)!;
      expect([b.cmd, ...b.args(u)]).toEqual(['firefox', '--new-window', u]);
    }
    expect(browserCommand({ BROWSER: '  ' }, 'linux')).toBeUndefined();
    expect(browserCommand({ BROWSER: 'firefox', CI: 'true' }, 'linux')).toBeUndefined();
    expect(browserCommand({ DISPLAY: ':0', CI: 'true' }, 'linux')).toBeUndefined();
  });
});
