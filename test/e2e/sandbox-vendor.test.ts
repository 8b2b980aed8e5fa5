/**
 * The sandbox as the vendor behaves (issue 26 §11): the 3x10 follow-ups dated on their business days
 * and before the close however far the clock moves at once; a closed notification keeps its window;
 * no status the vendor never names; a Data Restore date the sandbox's clock accepts passes the CLI's
 * own check too (it uses the portal's date). The sandbox clock moves: the tests run in order.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useSandboxSession, type Body } from '../helpers/sandbox.js';
import { followUpSchedule, isBusinessDay } from '../../src/domain/case-life.js';
import { addDays } from '../../src/domain/dates.js';

describe('the sandbox as the vendor behaves', () => {
  // Tokens live five years: the sandbox clock moves more than a year ahead in this file.
  const s = useSandboxSession({ args: ['--token-ttl', String(5 * 365 * 86_400)] });
  const admin = async (method: string, path: string, body?: unknown): Promise<Body> => {
    const r = await s.api.call(method, path, { admin: true, ...(body !== undefined ? { body } : {}) });
    expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
    return r.body;
  };
  const comments = async (n: string): Promise<Body[]> =>
    (await s.api.call('GET', `/api/v1/cases/${n}/comments`, { token: s.token })).body.comments as Body[];

  it('no status the vendor never names: the case process lists none, and the vendor cannot set one', async () => {
    const process = await s.api.call('GET', '/api/v1/case-process', { token: s.token });
    const names = (process.body.statuses as Body[]).map((x) => x.name as string);
    expect(names).not.toContain('Waiting on Customer');
    expect(names).toEqual(expect.arrayContaining(['Pending', 'Assigned to Development', 'Closed']));
    const set = await s.api.call('POST', '/sandbox/v1/cases/00001002/comments', {
      admin: true,
      body: { body: 'Could you send a screenshot?', status: 'Waiting on Customer' },
    });
    expect(set.status).toBe(422);
  });

  it("a closed notification keeps its window: the guide's DigiCert incident, closed long after", async () => {
    await admin('POST', '/sandbox/v1/clock', { days: 3 });
    const closed = await admin('POST', '/sandbox/v1/notifications/ntf_digicert/close', {});
    expect(closed).toMatchObject({
      state: 'closed',
      startsAt: '2024-07-30T18:27:00.000Z',
      endsAt: '2024-07-30T19:25:00.000Z',
    });
    const list = await s.api.call('GET', '/status/v1/notifications?state=closed');
    expect((list.body.notifications as Body[]).find((n) => n.id === 'ntf_digicert')).toMatchObject({
      startsAt: '2024-07-30T18:27:00.000Z',
      endsAt: '2024-07-30T19:25:00.000Z',
    });
  });

  it('3x10 when the clock jumps 400 days at once: three follow-ups on their business days, in order, before the close', async () => {
    const posted = await admin('POST', '/sandbox/v1/cases/00001002/resolution', { resolution: 'Fixed.' });
    const postedOn = posted.followUp.resolutionPostedOn as string;
    await admin('POST', '/sandbox/v1/clock', { days: 400 });
    const c = await s.stored('00001002');
    expect(c).toMatchObject({ status: 'Closed', state: 'closed' });
    const all = await comments('00001002');
    const followUps = all.filter((m) => m.kind === 'follow-up').map((m) => m.createdAt as string);
    expect(followUps.map((at) => at.slice(0, 10))).toEqual(followUpSchedule(postedOn));
    for (const at of followUps) expect(isBusinessDay(at.slice(0, 10)), at).toBe(true);
    expect([...followUps].sort()).toEqual(followUps);
    const closedAt = c.closedAt as string;
    expect(followUps.every((at) => at < closedAt)).toBe(true);
    const closing = all.at(-1)!;
    expect(closing.body).toMatch(/^No answer in 10 business days/);
    expect(closing.createdAt).toBe(closedAt);
    // Comments in the order they were made.
    const times = all.map((m) => m.createdAt as string);
    expect([...times].sort()).toEqual(times);
  });

  it("the sandbox answers with its own date, and a Data Restore date its clock accepts passes the CLI's check too", async () => {
    const clock = await admin('GET', '/sandbox/v1/clock');
    const today = clock.today as string;
    const r = await s.api.call('GET', '/api/v1/me', { token: s.token });
    expect(r.status).toBe(200);
    // Five days before the sandbox's today: within its 30 days, and more than a year after this machine's.
    const lost = addDays(today, -5);
    const filed = await runCli(
      [
        'case',
        'submit',
        'data-restore',
        '--module',
        'Census',
        '--approximate-date-of-loss',
        lost,
        '--reason-for-restore',
        'Deleted by mistake during the clean-up.',
        '--written-permission',
        '--subject',
        'Restore a deleted enrollment',
        '--description',
        'One enrollment of a ninth grader was deleted by mistake.',
        '--json',
      ],
      { env: { ...s.env, TZ: 'UTC' } },
    );
    expect(filed.code, filed.stderr).toBe(0);
    expect(filed.stderr).not.toContain('approximateDateOfLoss');
    const { number } = JSON.parse(filed.stdout) as { number: string };
    expect(((await s.stored(number)).fields as Body).approximateDateOfLoss).toBe(lost);
  });
});
