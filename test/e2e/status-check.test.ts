/**
 * notifications --check keeps its monitoring contract (issue 25 §8, attacks 12-13): every answer
 * of the Notifications page that is not a readable status — a redirect, 404, 422, 500, HTML, unreadable
 * dates — is IC-SUPPORT UNKNOWN with exit 8 and a hint naming notificationsUrl; unreadable dates
 * and leap seconds never print "undefined NaN" nor end in an internal error; --ics escapes every
 * value (a CRLF in an id adds no property) and leaves out a window it cannot read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';

const NOW = '2026-11-30T12:00:00.000Z';
let answer: (res: ServerResponse) => void = () => undefined;
let server: Server;
let url: string;
let dir: { path: string; cleanup: () => void };

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const notice = (over: Record<string, unknown>) => ({
  id: 'ntf_1',
  kind: 'maintenance',
  title: 'Database upgrade',
  status: 'Scheduled',
  state: 'open',
  startsAt: '2026-12-31T23:00:00Z',
  endsAt: '2026-12-31T23:59:60Z',
  postedAt: NOW,
  updates: [],
  ...over,
});
const listing = (notifications: unknown[]) => ({
  banner: { color: 'orange', text: 'Maintenance', openIncidents: 0, openMaintenance: notifications.length },
  notifications,
});

beforeAll(async () => {
  dir = tempDir('ic-support-status-');
  server = createServer((_req, res) => answer(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  dir.cleanup();
});

let n = 0;
const env = (): Record<string, string> => ({
  ...baseEnv(join(dir.path, `state-${++n}`)),
  IC_SUPPORT_NOTIFICATIONS_URL: url,
  IC_SUPPORT_HTTP_RETRIES: '0',
  TZ: 'UTC',
});

describe('notifications --check on answers that are not a readable status', () => {
  const cases: [string, (res: ServerResponse) => void][] = [
    ['a redirect (302)', (res) => void res.writeHead(302, { location: 'https://login.example/' }).end()],
    ['a 301 to elsewhere', (res) => void res.writeHead(301, { location: 'http://127.0.0.1:9/' }).end()],
    ['a 404 with the error shape', (res) => json(res, 404, { error: { code: 'not_found', message: 'No such page' } })],
    ['a 422', (res) => json(res, 422, { error: { code: 'invalid', message: 'Unprocessable' } })],
    ['a 500 in HTML', (res) => void res.writeHead(500, { 'content-type': 'text/html' }).end('<html>oops</html>')],
    ['HTML with 200', (res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Wi-Fi</html>')],
    ['an empty 404', (res) => void res.writeHead(404).end()],
    ['a date that is not one', (res) => json(res, 200, listing([notice({ startsAt: 'not-a-date' })]))],
  ];
  it.each(cases)('%s: UNKNOWN, exit 8, the hint names notificationsUrl', async (_name, a) => {
    answer = a;
    const r = await runCli(['notifications', '--check'], { env: env() });
    expect(r.stdout).toMatch(/^IC-SUPPORT UNKNOWN - /);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.code, r.stderr).toBe(8);
    expect(r.stderr).toContain('notificationsUrl');
    expect(`${r.stdout}${r.stderr}`).not.toContain('internal error');
  });
});

describe('unreadable dates and leap seconds', () => {
  it('the text view shows the text as it came, never "undefined NaN"; a leap second reads 11:59 PM', async () => {
    answer = (res) =>
      json(res, 200, listing([notice({ id: 'ntf_bad', startsAt: 'not-a-date' }), notice({ id: 'ntf_leap' })]));
    const r = await runCli(['notifications'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/undefined|NaN/);
    expect(r.stdout).toContain('"not-a-date" (not a readable time)');
    expect(r.stdout).toContain('11:59 PM');
  });

  it('--ics: an unreadable window is left out, a CRLF in an id adds no property, no internal error', async () => {
    answer = (res) =>
      json(
        res,
        200,
        listing([
          notice({ id: 'ntf_bad', startsAt: 'not-a-date' }),
          notice({ id: 'ntf_x\r\nURL:https://evil.example/\r\nBEGIN:VALARM', title: 'T;itle,\r\nATTACH:x' }),
        ]),
      );
    const file = join(dir.path, `cal-${++n}.ics`);
    const r = await runCli(['notifications', '--ics', file], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const ics = readFileSync(file, 'utf8');
    const props = ics
      .replace(/\r\n /g, '')
      .split('\r\n')
      .filter(Boolean)
      .map((l) => l.split(/[:;]/)[0]);
    for (const p of props)
      expect([
        'BEGIN',
        'END',
        'VERSION',
        'PRODID',
        'CALSCALE',
        'METHOD',
        'X-WR-CALNAME',
        'UID',
        'DTSTAMP',
        'CREATED',
        'LAST-MODIFIED',
        'DTSTART',
        'DTEND',
        'SUMMARY',
        'DESCRIPTION',
        'STATUS',
        'TRANSP',
      ]).toContain(p);
    expect(ics).not.toContain('ntf_bad');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).not.toMatch(/^BEGIN:VALARM/m);
  });
});
