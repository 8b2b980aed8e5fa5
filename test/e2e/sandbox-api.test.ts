/**
 * The sandbox portal over real HTTP, started as a child process: every resource, every error status,
 * roles, district isolation, idempotency and parallel submissions. Every answer is checked against
 * schemas/portal-api.yaml by the helper's client.
 */
import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormData, request } from 'undici';
import fc from 'fast-check';
import {
  apiClient,
  SEEDED,
  startSandbox,
  type ApiClient,
  type ApiResponse,
  type SandboxProcess,
} from '../helpers/sandbox.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let sb: SandboxProcess;
let api: ApiClient;
let zack: string;
let screech: string;
let lisa: string;
let tori: string;
let password: string;

const question = (subject: string, extra: Record<string, unknown> = {}) => ({
  caseType: 'ask-a-question',
  fields: {
    account: 'Bayside School (TESTING)',
    module: 'Attendance',
    subject,
    description: `Question about ${subject}.`,
    ...extra,
  },
});

let keyNo = 0;
const key = (): string => `test-key-${Date.now()}-${++keyNo}`;

beforeAll(async () => {
  sb = await startSandbox();
  api = apiClient(sb);
  password = sb.demo.password;
  zack = await api.signIn(SEEDED.zack, password);
  screech = await api.signIn(SEEDED.screech, password);
  lisa = await api.signIn(SEEDED.lisa, password);
  tori = await api.signIn(SEEDED.tori, password);
});

afterAll(async () => {
  expect(await sb?.stop()).toBe(0);
  sb?.cleanup();
});

describe('sessions and accounts', () => {
  it('signs in the demo contact and describes them', async () => {
    expect(sb.demo.email).toBe(SEEDED.zack);
    const me = await api.call('GET', '/api/v1/me', { token: zack });
    expect(me.status).toBe(200);
    expect(me.body.contact).toMatchObject({ name: 'Zack Morris (TESTING)', role: 'Authorized', email: SEEDED.zack });
    expect((me.body.districts as Json[]).map((d) => d.name)).toEqual([
      'Bayside School (TESTING)',
      'Valley High School (TESTING)',
    ]);
    expect(Date.parse(me.body.token.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('answers 401 invalid_credentials for a wrong password or unknown email, without saying which', async () => {
    const a = await api.call('POST', '/api/v1/sessions', {
      body: { email: SEEDED.screech, password: 'not the password' },
    });
    const b = await api.call('POST', '/api/v1/sessions', {
      body: { email: 'nobody@bayside.example', password: 'whatever-long-enough' },
    });
    for (const r of [a, b]) {
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('invalid_credentials');
    }
    expect(a.body.detail).toBe(b.body.detail);
  });

  it('answers 401 unauthenticated without a token and with a made-up one', async () => {
    const none = await api.call('GET', '/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('unauthenticated');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const fake = await api.call('GET', '/api/v1/me', { token: 'icsb_made-up' });
    expect(fake.status).toBe(401);
    expect(fake.body.code).toBe('unauthenticated');
  });

  it('revokes the token on sign-out', async () => {
    const t = await api.signIn(SEEDED.zack, password);
    expect((await api.call('GET', '/api/v1/me', { token: t })).status).toBe(200);
    expect((await api.call('DELETE', '/api/v1/sessions/current', { token: t })).status).toBe(204);
    const after = await api.call('GET', '/api/v1/me', { token: t });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
    // Other sessions of the same contact are untouched.
    expect((await api.call('GET', '/api/v1/me', { token: zack })).status).toBe(200);
  });

  it('tells a not-yet-activated contact so (403) only for the right password, and activates through the mailbox', async () => {
    // A wrong password gets exactly what an unknown email gets: nothing tells a stranger who has an account.
    const wrongPassword = await api.call('POST', '/api/v1/sessions', {
      body: { email: SEEDED.kelly, password: 'anything-at-all' },
    });
    const ghost = await api.call('POST', '/api/v1/sessions', {
      body: { email: 'ghost@bayside.example', password: 'anything-at-all' },
    });
    expect(wrongPassword.status).toBe(401);
    // The same answer but for the request id, which names each request.
    expect({ ...wrongPassword.body, requestId: 'x' }).toEqual({ ...ghost.body, requestId: 'x' });
    const before = await api.call('POST', '/api/v1/sessions', { body: { email: SEEDED.kelly, password } });
    expect(before.status).toBe(403);
    expect(before.body.code).toBe('account_not_activated');

    expect((await api.call('POST', '/api/v1/activation/request', { body: { email: SEEDED.kelly } })).status).toBe(202);
    // Unknown and already active addresses get the same answer and no mail.
    expect(
      (await api.call('POST', '/api/v1/activation/request', { body: { email: 'ghost@bayside.example' } })).status,
    ).toBe(202);
    expect((await api.call('POST', '/api/v1/activation/request', { body: { email: SEEDED.lisa } })).status).toBe(202);
    const mail = await api.call('GET', `/sandbox/v1/mailbox?to=${encodeURIComponent(SEEDED.kelly)}`, { admin: true });
    expect(mail.status).toBe(200);
    expect(mail.body.messages).toHaveLength(1);
    const msg = mail.body.messages[0] as Json;
    expect(msg.kind).toBe('activation');
    expect(msg.body).toContain(msg.token);
    const all = await api.call('GET', '/sandbox/v1/mailbox', { admin: true });
    expect((all.body.messages as Json[]).some((m) => m.to === SEEDED.lisa || m.to === 'ghost@bayside.example')).toBe(
      false,
    );

    const short = await api.call('POST', '/api/v1/activation/confirm', {
      body: { token: msg.token, password: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.body.fields).toEqual([expect.objectContaining({ field: 'password' })]);
    const wrong = await api.call('POST', '/api/v1/activation/confirm', {
      body: { token: 'act_wrong', password: 'Kelly-Kapowski-1990' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.fields[0].field).toBe('token');

    const ok = await api.call('POST', '/api/v1/activation/confirm', {
      body: { token: msg.token, password: 'Kelly-Kapowski-1990' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.contact.email).toBe(SEEDED.kelly);
    const again = await api.call('POST', '/api/v1/activation/confirm', {
      body: { token: msg.token, password: 'Kelly-Kapowski-1990' },
    });
    expect(again.status).toBe(422);
    expect(await api.signIn(SEEDED.kelly, 'Kelly-Kapowski-1990')).toMatch(/^icsb_/);
  });

  it('lists the contacts of a district of the caller, and 403 for another district', async () => {
    const mine = await api.call('GET', '/api/v1/districts/dst_bayside/contacts', { token: screech });
    expect(mine.status).toBe(200);
    const roles = Object.fromEntries((mine.body.contacts as Json[]).map((c) => [c.name, c.role]));
    expect(roles).toMatchObject({
      'Zack Morris (TESTING)': 'Authorized',
      'Screech Powers (TESTING)': 'Technical',
      'Lisa Turtle (TESTING)': 'Read Only',
    });
    const other = await api.call('GET', '/api/v1/districts/dst_valley/contacts', { token: screech });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('forbidden');
  });

  it('serves the picklists with the catalog version, without sign-in', async () => {
    const r = await api.call('GET', '/api/v1/picklists');
    expect(r.status).toBe(200);
    expect(r.body.catalogVersion).toMatch(/\d/);
    expect(r.body.picklists.module).toContain('Grade Book');
    expect(r.body.picklists.type['application-issue']).toContain('Campus Application');
    expect(r.body.picklists.requestType['server-access']).toEqual(['Server', 'SQL Server', 'SSRS']);
  });
});

describe('the seed', () => {
  it("holds the guide's grade-book case, just submitted, with every field of the Case Example", async () => {
    const r = await api.call('GET', '/api/v1/cases/00001001', { token: zack });
    expect(r.status).toBe(200);
    const c = r.body;
    // As the guide's Case Details shows it: Last Modified equal to Created, both by Zack Morris.
    expect(c).toMatchObject({
      number: '00001001',
      caseType: 'application-issue',
      status: 'New',
      state: 'open',
      subject: 'Teachers unable to post grades',
      account: { name: 'Bayside School (TESTING)' },
      contact: { name: 'Zack Morris (TESTING)' },
      createdAt: '2021-09-15T18:44:00.000Z',
      createdBy: { name: 'Zack Morris (TESTING)' },
      lastModifiedAt: '2021-09-15T18:44:00.000Z',
      lastModifiedBy: { name: 'Zack Morris (TESTING)' },
      resolution: null,
      closedAt: null,
    });
    expect(c.fields).toMatchObject({
      type: 'Campus Application',
      module: 'Grade Book',
      environmentChanges: 'None',
      whoIsImpacted: 'English Lit 1100 teachers',
      issueBegan: '2021-09-07',
      expectedResults: 'Post button to be active',
    });
    expect(c.fields.stepsToReproduce).toContain('1. Log in as teacher Anne Shirley');
    expect(c.fields.description).toContain('Anne Shirley, English Lit 1100-1, Quarter 1');
    const comments = await api.call('GET', '/api/v1/cases/1001/comments', { token: zack });
    expect(comments.body.comments).toEqual([]);
  });

  it('holds a closed example besides: an older case closed in 2021, with a resolution and its thread', async () => {
    const r = await api.call('GET', '/api/v1/cases/00001000', { token: zack });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      number: '00001000',
      caseType: 'application-issue',
      status: 'Closed',
      state: 'closed',
      createdAt: '2021-09-08T14:20:00.000Z',
      closedAt: '2021-09-10T16:05:00.000Z',
      lastModifiedBy: { name: 'Infinite Campus Support' },
    });
    expect(r.body.resolution).toEqual(expect.any(String));
    const comments = await api.call('GET', '/api/v1/cases/1000/comments', { token: zack });
    expect((comments.body.comments as Json[]).map((x) => x.fromVendor)).toEqual([true, false]);
  });

  it("shows the DigiCert incident open with status Resolved, as the guide's Open Notifications, updates in order; the banner orange", async () => {
    const open = await api.call('GET', '/status/v1/notifications');
    expect(open.status).toBe(200);
    expect(open.body.banner).toMatchObject({ color: 'orange', openIncidents: 1, openMaintenance: 1 });
    expect(open.body.banner.text).toBe(
      'There are 1 open incident(s). To view them, go to the Support » Notifications page.',
    );
    const list = open.body.notifications as Json[];
    expect(list.map((n) => n.id).sort()).toEqual(['ntf_digicert', 'ntf_maintenance']);
    const m = list.find((n) => n.id === 'ntf_maintenance')!;
    const ahead = (Date.parse(m.startsAt) - Date.parse(m.postedAt)) / 86_400_000;
    expect(m.kind).toBe('maintenance');
    expect(ahead).toBeGreaterThan(13);
    expect(ahead).toBeLessThan(15);

    const dc = list.find((n) => n.title === 'DigiCert Incident')!;
    expect(dc).toMatchObject({
      id: 'ntf_digicert',
      kind: 'incident',
      state: 'open',
      status: 'Resolved',
      startsAt: '2024-07-30T18:27:00.000Z',
      endsAt: '2024-07-30T19:25:00.000Z',
    });
    const closed = await api.call('GET', '/status/v1/notifications?state=closed', { base: sb.statusUrl });
    expect((closed.body.notifications as Json[]).map((n) => n.id)).not.toContain('ntf_digicert');
    const one = await api.call('GET', `/status/v1/notifications/${dc.id}`);
    const updates = one.body.updates as Json[];
    expect(updates.map((u) => u.postedAt)).toEqual([...updates.map((u) => u.postedAt)].sort());
    expect(updates[0]!.body).toMatch(
      /^This morning, Infinite Campus received notification of an incident from our vendor DigiCert/,
    );
    expect(updates[1]!.body).toMatch(/^2:15 PM UPDATE: All customer domains have been updated/);
    expect((await api.call('GET', '/status/v1/notifications/nope')).status).toBe(404);
    expect((await api.call('GET', '/status/v1/notifications?state=maybe')).status).toBe(400);
  });
});

describe('cases', () => {
  let created: Json;

  it('files a valid case (201), with defaults applied and the account and contact resolved', async () => {
    const r = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': key() },
      body: question('Snow day setup'),
    });
    expect(r.status).toBe(201);
    created = r.body;
    expect(created).toMatchObject({
      status: 'New',
      state: 'open',
      priority: 'Medium',
      account: { id: 'dst_bayside' },
      contact: { name: 'Zack Morris (TESTING)' },
      createdBy: { name: 'Zack Morris (TESTING)' },
    });
    expect(created.number).toMatch(/^\d{8}$/);
    expect(r.headers.location).toBe(`/api/v1/cases/${created.number}`);
    expect(created.fields).toMatchObject({
      account: 'Bayside School (TESTING)',
      contact: 'Zack Morris (TESTING)',
      priority: 'Medium',
      module: 'Attendance',
    });
    const again = await api.call('GET', `/api/v1/cases/${created.number}`, { token: screech });
    expect(again.body).toEqual(created);
  });

  it('files on behalf of another contact of the district, by email', async () => {
    const r = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': key() },
      body: question('For Lisa', { contact: SEEDED.lisa }),
    });
    expect(r.status).toBe(201);
    expect(r.body.contact.name).toBe('Lisa Turtle (TESTING)');
    expect(r.body.createdBy.name).toBe('Zack Morris (TESTING)');
  });

  it('answers 422 with every field problem, in the catalog words', async () => {
    const r = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': key() },
      body: {
        caseType: 'ask-a-question',
        fields: { module: 'Nope', subject: '', priority: 'Critical', colour: 'blue', contact: 'someone@else.example' },
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('validation_failed');
    const fields = (r.body.fields as Json[]).map((f) => f.field).sort();
    // No account: Zack's own district (homeDistrictId), of his two; the contact is checked there.
    expect(fields).toEqual(['colour', 'contact', 'description', 'module', 'priority', 'subject']);
    const msg = Object.fromEntries((r.body.fields as Json[]).map((f) => [f.field, f.message]));
    expect(msg.priority).toMatch(/Critical is limited to Report an Outage/);
    expect(msg.contact).toMatch(/Bayside School \(TESTING\)/);
  });

  it("applies the catalog's date rules with the sandbox's today", async () => {
    const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const r = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': key() },
      body: {
        caseType: 'data-restore',
        fields: {
          account: 'dst_bayside',
          module: 'Census',
          approximateDateOfLoss: '2020-01-01',
          reasonForRestore: 'Deleted by mistake',
          subject: 'Restore',
          description: 'Please restore.',
        },
        // The guide's acknowledgements travel beside the fields: a portal has no such field.
        acknowledgements: { writtenPermission: false },
      },
    });
    expect(r.status).toBe(422);
    expect((r.body.fields as Json[]).map((f) => f.field).sort()).toEqual([
      'approximateDateOfLoss',
      'writtenPermission',
    ]);
    const t = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': key() },
      body: {
        caseType: 'application-issue',
        fields: {
          account: 'dst_bayside',
          type: 'Campus Application',
          module: 'Grade Book',
          subject: 'x',
          description: 'y',
          issueBegan: future,
        },
      },
    });
    expect(t.status).toBe(422);
    expect(t.body.fields).toEqual([expect.objectContaining({ field: 'issueBegan' })]);
  });

  it('refuses a district or contact that is not the caller’s (422), and unknown case types', async () => {
    const r = await api.call('POST', '/api/v1/cases', {
      token: tori,
      headers: { 'idempotency-key': key() },
      body: question('Not mine'),
    });
    expect(r.status).toBe(422);
    expect(r.body.fields).toEqual([expect.objectContaining({ field: 'account' })]);
    const c = await api.call('POST', '/api/v1/cases', {
      token: tori,
      headers: { 'idempotency-key': key() },
      body: { ...question('x'), fields: { ...question('x').fields, account: undefined, contact: SEEDED.zack } },
    });
    expect(c.status).toBe(201); // Zack is a contact of Valley too.
    const u = await api.call('POST', '/api/v1/cases', {
      token: tori,
      headers: { 'idempotency-key': key() },
      body: { caseType: 'ask-a-qestion', fields: {} },
    });
    expect(u.status).toBe(422);
    expect(u.body.fields[0]).toMatchObject({ field: 'caseType' });
    expect(u.body.fields[0].message).toMatch(/did you mean ask-a-question/);
  });

  it('answers 400 for JSON nested deeper than any request needs, and keeps serving', async () => {
    const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
    for (const [path, opts] of [
      ['/api/v1/cases', { token: zack, headers: { 'idempotency-key': key() } }],
      ['/api/v1/sessions', {}],
    ] as const) {
      const r = await api.call('POST', path, {
        ...opts,
        rawBody: `{"caseType":"ask-a-question","fields":{"subject":${deep(5000)}}}`,
        headers: { ...('headers' in opts ? opts.headers : {}), 'content-type': 'application/json' },
      });
      expect(r.status, path).toBe(400);
      expect(r.body.detail).toMatch(/nests arrays or objects more than 32 levels deep/);
    }
    // Brackets inside strings are text, not nesting.
    const inText = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': key() },
      body: question(`${deep(40)} in a subject`),
    });
    expect(inText.status).toBe(201);
  });

  it('answers 400 for malformed JSON, a non-object body and a missing Idempotency-Key, 415 for a wrong content type', async () => {
    const h = { 'idempotency-key': key() };
    const bad = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { ...h, 'content-type': 'application/json' },
      rawBody: '{"caseType": ',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('bad_request');
    const text = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': key(), 'content-type': 'text/plain' },
      rawBody: 'hello',
    });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('unsupported_media_type');
    expect(text.body.detail).toMatch(/application\/json/);
    const arr = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': key() },
      body: [1, 2],
    });
    expect(arr.status).toBe(400);
    const nokey = await api.call('POST', '/api/v1/cases', { token: zack, body: question('no key') });
    expect(nokey.status).toBe(400);
    expect(nokey.body.detail).toMatch(/Idempotency-Key/);
    const list = await api.call('GET', '/api/v1/cases?limit=1000', { token: zack });
    expect(list.status).toBe(400);
    const cursor = await api.call('GET', '/api/v1/cases?cursor=garbage', { token: zack });
    expect(cursor.status).toBe(400);
  });

  it('never answers 500 to a bad body: always 400 or 422 in the one error shape', async () => {
    const bodies = [
      ...fc.sample(fc.jsonValue(), { numRuns: 60, seed: 42 }).map((v) => JSON.stringify(v)),
      ...fc
        .sample(
          fc.record({
            caseType: fc.oneof(
              fc.constantFrom('application-issue', 'data-restore', 'modify-support-contacts', 'request-training'),
              fc.jsonValue(),
            ),
            fields: fc.dictionary(
              fc.constantFrom(
                'subject',
                'description',
                'module',
                'priority',
                'account',
                'contact',
                'issueBegan',
                'preferredTrainingDates',
                'areaOfResponsibility',
                'writtenPermission',
                'x',
              ),
              fc.jsonValue(),
            ),
          }),
          { numRuns: 120, seed: 7 },
        )
        .map((v) => JSON.stringify(v)),
      '{"caseType": "ask-a-question", "fields": {"subject": "\u0000\u0001"}}',
      '\u0000binary\uffff',
      '{"a": '.repeat(500),
    ];
    for (const rawBody of bodies) {
      const r = await api.call('POST', '/api/v1/cases', {
        token: zack,
        headers: { 'idempotency-key': key(), 'content-type': 'application/json' },
        rawBody,
      });
      expect([400, 422], rawBody.slice(0, 200)).toContain(r.status);
    }
  });

  it('answers 413 for a JSON body over 1 MiB', async () => {
    const big = question('big', { description: 'x'.repeat(1024 * 1024 + 10) });
    const r = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': key() },
      body: big,
    });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('payload_too_large');
    // Streamed without Content-Length (chunked): counted as it arrives.
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const streamed = await request(`${sb.url}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${zack}`, 'idempotency-key': key(), 'content-type': 'application/json' },
      body: Readable.from(Array.from({ length: 20 }, () => chunk)),
    });
    expect(streamed.statusCode).toBe(413);
    expect(((await streamed.body.json()) as Json).code).toBe('payload_too_large');
  });

  it('lists cases by last modified with filters, search and cursor pagination', async () => {
    const all: Json[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: ApiResponse = await api.call(
        'GET',
        `/api/v1/cases?status=all&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: zack },
      );
      expect(r.status).toBe(200);
      expect((r.body.cases as Json[]).length).toBeLessThanOrEqual(2);
      all.push(...(r.body.cases as Json[]));
      cursor = r.body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 100);
    const numbers = all.map((c) => c.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    const keys = all.map((c) => `${c.lastModifiedAt}|${c.number}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(numbers).toContain('00001000');
    expect(numbers).toContain('00001001');
    expect(numbers).toContain('00001003'); // Valley: Zack is a contact there too.

    const open = await api.call('GET', '/api/v1/cases', { token: zack });
    expect((open.body.cases as Json[]).every((c) => c.state === 'open')).toBe(true);
    const closed = await api.call('GET', '/api/v1/cases?status=closed', { token: zack });
    expect((closed.body.cases as Json[]).map((c) => c.number)).toContain('00001000');
    expect((open.body.cases as Json[]).map((c) => c.number)).toContain('00001001');
    const valley = await api.call('GET', '/api/v1/cases?status=all&account=Valley%20High%20School%20(TESTING)', {
      token: zack,
    });
    expect((valley.body.cases as Json[]).every((c) => c.account.id === 'dst_valley')).toBe(true);
    const search = await api.call('GET', '/api/v1/cases?status=all&q=ANNE%20shirley', { token: zack });
    expect((search.body.cases as Json[]).map((c) => c.number)).toEqual(['00001001']);
    const type = await api.call('GET', '/api/v1/cases?status=all&caseType=server-issue', { token: zack });
    expect((type.body.cases as Json[]).map((c) => c.caseType)).toEqual(['server-issue']);
    const byNumber = await api.call('GET', '/api/v1/cases?status=all&q=00001001', { token: zack });
    expect((byNumber.body.cases as Json[]).map((c) => c.number)).toEqual(['00001001']);
  });

  it('keeps the comment thread: customers and the vendor, oldest first; 422 on an empty comment', async () => {
    const n = created.number as string;
    const a = await api.call('POST', `/api/v1/cases/${n}/comments`, {
      token: zack,
      body: { body: 'First, from Zack.' },
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      body: 'First, from Zack.',
      fromVendor: false,
      author: { name: 'Zack Morris (TESTING)' },
    });
    const v = await api.call('POST', `/sandbox/v1/cases/${n}/comments`, {
      admin: true,
      body: { body: 'From Infinite Campus.', status: 'In Progress' },
    });
    expect(v.status).toBe(201);
    expect(v.body.fromVendor).toBe(true);
    const b = await api.call('POST', `/api/v1/cases/${n}/comments`, {
      token: screech,
      body: { body: 'Then Screech.' },
    });
    expect(b.status).toBe(201);
    const list = await api.call('GET', `/api/v1/cases/${n}/comments`, { token: lisa });
    expect((list.body.comments as Json[]).map((c) => c.body)).toEqual([
      'First, from Zack.',
      'From Infinite Campus.',
      'Then Screech.',
    ]);
    const c = await api.call('GET', `/api/v1/cases/${n}`, { token: zack });
    expect(c.body.status).toBe('In Progress');
    expect(c.body.lastModifiedBy.name).toBe('Screech Powers (TESTING)');
    const empty = await api.call('POST', `/api/v1/cases/${n}/comments`, { token: zack, body: { body: '   ' } });
    expect(empty.status).toBe(422);
    expect(empty.body.fields[0].field).toBe('body');
  });

  it('uploads, lists and downloads attachments, streamed, with the uploaded name', async () => {
    const n = created.number as string;
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'image/png' }), 'screen shot ünïcode (1).png');
    const up = await request(`${sb.url}/api/v1/cases/${n}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${screech}` },
      body: form,
    });
    const upBody = (await up.body.json()) as Json;
    expect(up.statusCode).toBe(201);
    expect(upBody).toMatchObject({
      filename: 'screen shot ünïcode (1).png',
      size: bytes.length,
      contentType: 'image/png',
      createdBy: { name: 'Screech Powers (TESTING)' },
    });
    const list = await api.call('GET', `/api/v1/cases/${n}/attachments`, { token: lisa });
    expect(list.body.attachments).toEqual([upBody]);
    const down = await request(`${sb.url}/api/v1/cases/${n}/attachments/${upBody.id}`, {
      headers: { authorization: `Bearer ${lisa}` },
    });
    expect(down.statusCode).toBe(200);
    expect(Buffer.from(await down.body.arrayBuffer()).equals(bytes)).toBe(true);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.headers['content-disposition']).toBe(
      `attachment; filename="screen shot _n_code (1).png"; filename*=UTF-8''screen%20shot%20%C3%BCn%C3%AFcode%20%281%29.png`,
    );
    const missing = await api.call('GET', `/api/v1/cases/${n}/attachments/att_nope`, { token: lisa });
    expect(missing.status).toBe(404);
  });

  it('answers 415 for an upload that is not multipart and 422 without a file part', async () => {
    const n = created.number as string;
    const r = await api.call('POST', `/api/v1/cases/${n}/attachments`, { token: zack, body: { file: 'x' } });
    expect(r.status).toBe(415);
    const form = new FormData();
    form.append('other', 'value');
    const up = await request(`${sb.url}/api/v1/cases/${n}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${zack}` },
      body: form,
    });
    expect(up.statusCode).toBe(422);
    expect(((await up.body.json()) as Json).fields[0].field).toBe('file');
  });

  it('answers 413 for an attachment over the limit its catalog publishes, declared or streamed, and keeps no partial file', async () => {
    const n = created.number as string;
    const limit = (await api.call('GET', '/api/v1/catalog')).body.limits.attachmentMaxBytes as number;
    // Smaller than the bundled default (25 MiB) on purpose: clients must read the portal's.
    expect(limit).toBe(20 * 1024 * 1024);
    for (const size of [limit + 1, limit + 100_000, limit + 2 * 1024 * 1024]) {
      const form = new FormData();
      form.append('file', new Blob([Buffer.alloc(size, 1)]), 'big.bin');
      const up = await request(`${sb.url}/api/v1/cases/${n}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${zack}` },
        body: form,
      });
      const body = (await up.body.json()) as Json;
      expect(up.statusCode).toBe(413);
      expect(body.code).toBe('payload_too_large');
    }
    expect(readdirSync(join(sb.dataDir, 'attachments')).filter((f) => f.endsWith('.part'))).toEqual([]);
    const list = await api.call('GET', `/api/v1/cases/${n}/attachments`, { token: zack });
    expect((list.body.attachments as Json[]).map((a) => a.filename)).not.toContain('big.bin');
    // At most the limit: a file of exactly that size is taken.
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(limit, 1)]), 'at-limit.bin');
    const up = await request(`${sb.url}/api/v1/cases/${n}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${zack}` },
      body: form,
    });
    expect(up.statusCode).toBe(201);
    expect(((await up.body.json()) as Json).size).toBe(limit);
  });

  it('resolves a case from the vendor side: closed, with its resolution', async () => {
    const n = created.number as string;
    const r = await api.call('POST', `/sandbox/v1/cases/${n}/resolve`, {
      admin: true,
      body: { resolution: 'Use the Snow Day wizard.' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'Closed',
      state: 'closed',
      resolution: 'Use the Snow Day wizard.',
      lastModifiedBy: { name: 'Infinite Campus Support' },
    });
    expect(r.body.closedAt).toEqual(expect.any(String));
    const seen = await api.call('GET', `/api/v1/cases/${n}`, { token: zack });
    expect(seen.body.resolution).toBe('Use the Snow Day wizard.');
  });
});

describe('roles', () => {
  it('lets Authorized and Technical contacts submit, Read Only not (403)', async () => {
    const r = await api.call('POST', '/api/v1/cases', {
      token: lisa,
      headers: { 'idempotency-key': key() },
      body: question('Not allowed'),
    });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
    expect(r.body.detail).toBe('Read Only contacts cannot file cases; Lisa Turtle (TESTING) is a Read Only contact.');
    const ok = await api.call('POST', '/api/v1/cases', {
      token: screech,
      headers: { 'idempotency-key': key() },
      body: question('Filed by the Technical contact'),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const me = await api.call('GET', '/api/v1/me', { token: screech });
    for (const d of me.body.districts as { permissions: { submit: boolean } }[])
      expect(d.permissions.submit).toBe(true);
  });

  it('lets Read Only contacts read but not comment or attach (403)', async () => {
    expect((await api.call('GET', '/api/v1/cases/00001001', { token: lisa })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/cases?status=all', { token: lisa })).status).toBe(200);
    const c = await api.call('POST', '/api/v1/cases/00001002/comments', { token: lisa, body: { body: 'hi' } });
    expect(c.status).toBe(403);
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    const up = await request(`${sb.url}/api/v1/cases/00001002/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lisa}` },
      body: form,
    });
    expect(up.statusCode).toBe(403);
    await up.body.dump();
  });
});

describe('district isolation', () => {
  it("answers 404 for another district's case, exactly as for a missing one, on every case path", async () => {
    // 00001003 belongs to Valley High School; Screech is a Bayside contact.
    const missing = await api.call('GET', '/api/v1/cases/09999999', { token: screech });
    expect(missing.status).toBe(404);
    for (const path of [
      '/api/v1/cases/00001003',
      '/api/v1/cases/1003',
      '/api/v1/cases/00001003/comments',
      '/api/v1/cases/00001003/attachments',
      '/api/v1/cases/00001003/attachments/att_x',
    ]) {
      const r = await api.call('GET', path, { token: screech });
      expect(r.status, path).toBe(404);
      expect(r.body.code).toBe('not_found');
    }
    const post = await api.call('POST', '/api/v1/cases/00001003/comments', {
      token: screech,
      body: { body: 'sneaky' },
    });
    expect(post.status).toBe(404);
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    const up = await request(`${sb.url}/api/v1/cases/00001003/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${screech}` },
      body: form,
    });
    expect(up.statusCode).toBe(404);
    await up.body.dump();
    // Nothing was added to the Valley case.
    const comments = await api.call('GET', '/api/v1/cases/00001003/comments', { token: tori });
    expect((comments.body.comments as Json[]).some((c) => c.body === 'sneaky')).toBe(false);
  });

  it('never lists or finds another district’s cases, also by guessing numbers', async () => {
    const list = await api.call('GET', '/api/v1/cases?status=all&limit=100', { token: tori });
    expect((list.body.cases as Json[]).every((c) => c.account.id === 'dst_valley')).toBe(true);
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api.call('GET', `/api/v1/cases/${String(1001 + i).padStart(8, '0')}`, { token: tori }),
      ),
    );
    for (const r of statuses) {
      if (r.status === 200) expect(r.body.account.id).toBe('dst_valley');
      else expect(r.status).toBe(404);
    }
    expect((await api.call('GET', '/api/v1/cases?account=dst_bayside', { token: tori })).status).toBe(400);
    expect((await api.call('GET', '/api/v1/cases/abc', { token: tori })).status).toBe(404);
  });
});

describe('idempotency', () => {
  it('replays the same key and body (the stored 201, Idempotent-Replayed) and refuses the key with another body (422)', async () => {
    const k = key();
    const body = question('Idempotent question');
    const first = await api.call('POST', '/api/v1/cases', { token: zack, headers: { 'idempotency-key': k }, body });
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Same body with its keys in another order is the same body.
    const reordered = { fields: Object.fromEntries(Object.entries(body.fields).reverse()), caseType: body.caseType };
    const again = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': k },
      body: reordered,
    });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // The first answer as it was, not the case as it is now.
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    const other = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': k },
      body: question('Another question'),
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    const count = await api.call(
      'GET',
      `/sandbox/v1/cases/count?subject=${encodeURIComponent('Idempotent question')}`,
      { admin: true },
    );
    expect(count.body.count).toBe(1);
    // Keys belong to a contact: Tori may use the same key for her own case.
    const hers = await api.call('POST', '/api/v1/cases', {
      token: tori,
      headers: { 'idempotency-key': k },
      body: { ...body, fields: { ...body.fields, account: 'dst_valley' } },
    });
    expect(hers.status).toBe(201);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const k = key();
    const payload = JSON.stringify(question('In flight'));
    const url = new URL(`${sb.url}/api/v1/cases`);
    // The first request sends its headers and half its body, then waits.
    const first = httpRequest({
      hostname: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: {
        authorization: `Bearer ${zack}`,
        'idempotency-key': k,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      },
    });
    const firstDone = new Promise<{ status: number; body: string }>((resolve, reject) => {
      first.on('response', (res) => {
        let b = '';
        res.on('data', (d: Buffer) => (b += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
      });
      first.on('error', reject);
    });
    first.write(payload.slice(0, 20));
    await new Promise((r) => setTimeout(r, 300));
    const second = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': k },
      body: question('In flight'),
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('idempotency_in_progress');
    first.end(payload.slice(20));
    const done = await firstDone;
    expect(done.status).toBe(201);
    const third = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': k },
      body: question('In flight'),
    });
    expect(third.status).toBe(201);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.body.number).toBe(JSON.parse(done.body).number);
  });

  it('files one case for 20 parallel requests with one key', async () => {
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.call('POST', '/api/v1/cases', {
          token: zack,
          headers: { 'idempotency-key': k },
          body: question('Parallel same key'),
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    // One first answer; the rest are its replays (marked) or 409 while it ran.
    const firsts = results.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined);
    expect(firsts).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(new Set(results.filter((r) => r.status !== 409).map((r) => r.body.number)).size).toBe(1);
    const count = await api.call('GET', `/sandbox/v1/cases/count?subject=${encodeURIComponent('Parallel same key')}`, {
      admin: true,
    });
    expect(count.body.count).toBe(1);
  });
});

describe('parallel submissions', () => {
  it('files 50 parallel cases with distinct numbers and loses none', async () => {
    const before = (await api.call('GET', '/sandbox/v1/cases/count', { admin: true })).body.count as number;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.call('POST', '/api/v1/cases', {
          token: zack,
          headers: { 'idempotency-key': key() },
          body: question(`Parallel ${i}`),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = results.map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(50);
    const after = (await api.call('GET', '/sandbox/v1/cases/count', { admin: true })).body.count as number;
    expect(after - before).toBe(50);
    const fetched = await Promise.all(numbers.map((n) => api.call('GET', `/api/v1/cases/${n}`, { token: zack })));
    expect(fetched.map((r) => r.body.subject).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `Parallel ${i}`).sort(),
    );
  });
});

describe('notifications from the vendor side', () => {
  it('turns the banner orange with an open incident, then back to green when it closes', async () => {
    // The seed's DigiCert incident (open, Resolved) is closed first, as the vendor would: the colors are this incident's alone.
    expect(
      (await api.call('PATCH', '/sandbox/v1/notifications/ntf_digicert', { admin: true, body: { state: 'closed' } }))
        .body,
    ).toMatchObject({ state: 'closed', status: 'Resolved', endsAt: '2024-07-30T19:25:00.000Z' });
    expect((await api.call('GET', '/status/v1/notifications')).body.banner.color).toBe('green');
    const posted = await api.call('POST', '/sandbox/v1/notifications', {
      admin: true,
      body: { kind: 'incident', title: 'Campus is slow', body: 'We are investigating.' },
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ kind: 'incident', state: 'open', status: 'Investigating', endsAt: null });
    const id = posted.body.id as string;
    let list = await api.call('GET', '/status/v1/notifications');
    expect(list.body.banner).toMatchObject({ color: 'orange', openIncidents: 1 });
    expect(list.body.banner.text).toBe(
      'There are 1 open incident(s). To view them, go to the Support » Notifications page.',
    );

    const upd = await api.call('POST', `/sandbox/v1/notifications/${id}/updates`, {
      admin: true,
      body: { body: 'Cause identified.', status: 'Identified' },
    });
    expect(upd.status).toBe(201);
    expect((upd.body.updates as Json[]).map((u) => u.body)).toEqual(['We are investigating.', 'Cause identified.']);
    const patched = await api.call('PATCH', `/sandbox/v1/notifications/${id}`, {
      admin: true,
      body: { title: 'Campus is slow for some districts' },
    });
    expect(patched.body.title).toBe('Campus is slow for some districts');
    const bad = await api.call('PATCH', `/sandbox/v1/notifications/${id}`, {
      admin: true,
      body: { colour: 'red', startsAt: 'yesterday' },
    });
    expect(bad.status).toBe(422);
    expect((bad.body.fields as Json[]).map((f) => f.field).sort()).toEqual(['colour', 'startsAt']);

    const closed = await api.call('POST', `/sandbox/v1/notifications/${id}/close`, { admin: true });
    expect(closed.body).toMatchObject({ state: 'closed', status: 'Resolved' });
    expect(closed.body.endsAt).toEqual(expect.any(String));
    list = await api.call('GET', '/status/v1/notifications');
    expect(list.body.banner.color).toBe('green');

    // Gray when nothing is open.
    await api.call('POST', '/sandbox/v1/notifications/ntf_maintenance/close', { admin: true });
    list = await api.call('GET', '/status/v1/notifications');
    expect(list.body.banner).toMatchObject({ color: 'gray', openIncidents: 0, openMaintenance: 0 });
    expect(list.body.notifications).toEqual([]);
    await api.call('PATCH', '/sandbox/v1/notifications/ntf_maintenance', {
      admin: true,
      body: { state: 'open', status: 'Scheduled' },
    });
    expect((await api.call('GET', '/status/v1/notifications')).body.banner.color).toBe('green');
  });

  it('refuses admin paths without the key (401) and answers 404 for unknown targets', async () => {
    const r = await api.call('GET', '/sandbox/v1/faults', { headers: { 'x-sandbox-admin': 'wrong' } });
    expect(r.status).toBe(401);
    const c = await api.call('POST', '/sandbox/v1/cases/09999999/resolve', { admin: true, body: { resolution: 'x' } });
    expect(c.status).toBe(404);
    const n = await api.call('POST', '/sandbox/v1/notifications/ntf_nope/updates', {
      admin: true,
      body: { body: 'x' },
    });
    expect(n.status).toBe(404);
    const info = await api.call('GET', '/sandbox/v1/info', { admin: true });
    expect(info.body).toMatchObject({ url: sb.url, dataDir: sb.dataDir });
  });

  it('answers 404 in the one error shape for unknown paths, 405 for unknown methods', async () => {
    const r = await api.call('GET', '/api/v1/nothing-here', { noContract: true });
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.body).toEqual({
      type: 'https://ic-support.invalid/problems/not_found',
      title: 'Not found',
      status: 404,
      detail: expect.stringContaining('/api/v1/nothing-here'),
      code: 'not_found',
      requestId: r.headers['x-request-id'],
    });
    expect(r.body.requestId).toMatch(/^req_/);
    const m = await api.call('PUT', '/api/v1/me', { token: zack, noContract: true });
    expect(m.status).toBe(405);
    expect(m.headers.allow).toBe('GET, HEAD');
  });
});
