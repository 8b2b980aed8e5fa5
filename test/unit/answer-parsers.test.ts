/**
 * The portal answers' compiled parsers (src/portal/answer-parsers.generated.ts, zod's compiler run
 * by `npm run gen`) against the zod runtime they stand in for: on the sandbox's real answers and on
 * thousands of damaged copies of them, each parser either returns exactly what the schema's
 * safeParse returns, or INVALID where safeParse fails. (That the file matches the schemas of today
 * is checked with the other generated files, test/unit/catalog.test.ts.)
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { fc, it } from '@fast-check/vitest';
import type { ZodMiniType } from 'zod/mini';
import * as schemas from '../../src/portal/schemas.js';
import { INVALID, parsers } from '../../src/portal/answer-parsers.generated.js';
import { answerFields, parseAnswer, readAnswer } from '../../src/portal/parse-answer.js';
import { apiClient, startSandbox, type SandboxProcess } from '../helpers/sandbox.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const compiled = parsers as unknown as Record<string, (v: unknown) => unknown>;
const runtime = (name: string): ZodMiniType => (schemas as unknown as Record<string, () => ZodMiniType>)[name]!();

let sb: SandboxProcess;
/** Real answers of the sandbox, by schema name. */
const samples: Record<string, unknown[]> = {};
const add = (name: string, ...values: unknown[]): void => {
  (samples[name] ??= []).push(...values);
};

beforeAll(async () => {
  sb = await startSandbox();
  const api = apiClient(sb);
  const session = await api.call<Json>('POST', '/api/v1/sessions', {
    body: { email: sb.demo.email, password: sb.demo.password },
  });
  add('sessionSchema', session.body);
  const token = session.body.token as string;
  const get = async (path: string, base?: string): Promise<Json> =>
    (await api.call<Json>('GET', path, { token, ...(base ? { base } : {}) })).body;
  const me = await get('/api/v1/me');
  add('meSchema', me);
  add('meDistrictSchema', ...me.districts);
  add('districtSchema', ...me.districts.map((d: Json) => ({ id: d.id, name: d.name })));
  add('permissionsSchema', ...me.districts.map((d: Json) => d.permissions).filter(Boolean));
  const contacts = await get(`/api/v1/districts/${me.districts[0].id}/contacts`);
  add('contactsSchema', contacts);
  add('contactSchema', ...contacts.contacts);
  add('districtContactSchema', ...contacts.contacts);
  add('activationConfirmSchema', { contact: contacts.contacts[0] });
  const picklists = await get('/api/v1/picklists');
  add('picklistsSchema', picklists);
  const catalog = await get('/api/v1/catalog');
  add('portalCatalogSchema', catalog, {
    ...catalog,
    catalogVersion: 7,
    types: catalog.types.map((t: Json) => ({
      ...t,
      examples: undefined,
      rules: undefined,
      guidance: ['notifications', 'newer'],
    })),
  });
  add(
    'catalogCacheEntrySchema',
    {
      portalUrl: sb.url,
      fetchedAt: '2026-12-01T00:00:00.000Z',
      version: '1',
      etag: '"e"',
      catalog,
      picklists: picklists.picklists,
    },
    { portalUrl: sb.url, fetchedAt: 'x', version: '1' },
  );
  add('caseProcessSchema', await get('/api/v1/case-process'));
  const list = await get('/api/v1/cases?limit=100');
  add('caseListSchema', list, { ...list, nextCursor: 'abc' });
  add('caseSummarySchema', ...list.cases);
  for (const c of list.cases.slice(0, 6)) {
    add('caseSchema', await get(`/api/v1/cases/${c.number}`));
    const comments = await get(`/api/v1/cases/${c.number}/comments`);
    add('commentsSchema', comments);
    add('commentSchema', ...comments.comments);
    const attachments = await get(`/api/v1/cases/${c.number}/attachments`);
    add('attachmentsSchema', attachments);
    add('attachmentSchema', ...attachments.attachments);
  }
  const open = list.cases.find((c: Json) => c.state === 'open');
  const part = [
    '--b',
    'Content-Disposition: form-data; name="file"; filename="notes.txt"',
    'Content-Type: text/plain',
    '',
    'the notes',
    '--b--',
    '',
  ].join('\r\n');
  const upload = await api.call<Json>('POST', `/api/v1/cases/${open.number}/attachments`, {
    token,
    rawBody: part,
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
  });
  add('attachmentSchema', upload.body);
  add('attachmentsSchema', await get(`/api/v1/cases/${open.number}/attachments`));
  add(
    'caseChangeSchema',
    (await api.call<Json>('POST', `/api/v1/cases/${open.number}/close`, { token, body: {} })).body,
  );
  for (const state of ['open', 'closed']) {
    const n = await get(`/status/v1/notifications?state=${state}`, sb.statusUrl);
    add('notificationsSchema', n);
    add('notificationSchema', ...n.notifications);
  }
  add(
    'personalTokenCreatedSchema',
    (await api.call<Json>('POST', '/api/v1/tokens', { token, body: { name: 'a sample', scope: 'read' } })).body,
  );
  const tokens = await get('/api/v1/tokens');
  add('personalTokensSchema', tokens);
  add('personalTokenSchema', ...tokens.tokens);
  add('apiErrorSchema', (await api.call<Json>('GET', '/api/v1/cases/99999999', { token })).body);
}, 30_000);

afterAll(async () => {
  await sb?.stop();
  sb?.cleanup();
});

/** Every place in a JSON value, as a key path. */
function places(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...places(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...places(x, [...at, k]));
  return out;
}

type Damage = { kind: 'replace' | 'delete' | 'extra'; value: unknown; key: string };
/** A copy of `v` with one place replaced, removed, or given an extra key. */
function damaged(v: unknown, at: (string | number)[], d: Damage): unknown {
  if (at.length === 0) {
    if (d.kind === 'extra' && v && typeof v === 'object' && !Array.isArray(v)) return { ...v, [d.key]: d.value };
    return d.kind === 'delete' ? undefined : d.value;
  }
  const [k, ...rest] = at;
  const copy: Json = Array.isArray(v) ? [...v] : { ...(v as Json) };
  if (rest.length === 0 && d.kind === 'delete') {
    if (Array.isArray(copy)) copy.splice(k as number, 1);
    else delete copy[k!];
    return copy;
  }
  copy[k!] = damaged(copy[k!], rest, d);
  return copy;
}

/** The parser's answer against zod's: the same value, or INVALID exactly where zod fails. */
function agree(name: string, value: unknown): void {
  const expected = runtime(name).safeParse(value);
  const got = compiled[name]!(value);
  // node's deep strict equality (prototypes, own keys, values), not vitest's toStrictEqual, whose
  // type check reads `a.constructor === b.constructor`: an answer with an own key "constructor"
  // (a damage this test makes) holds two equal arrays there that are not the same array.
  if (expected.success)
    expect(
      isDeepStrictEqual(got, expected.data),
      `${name}: zod accepts ${JSON.stringify(value)?.slice(0, 300)} as ${JSON.stringify(expected.data)?.slice(0, 300)}, the parser gives ${JSON.stringify(got)?.slice(0, 300)}`,
    ).toBe(true);
  else expect(got, `${name}: zod refuses ${JSON.stringify(value)?.slice(0, 300)}`).toBe(INVALID);
}

const names = Object.keys(parsers);
const damage = fc.record({
  kind: fc.constantFrom<Damage['kind']>('replace', 'delete', 'extra'),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(
      '',
      'x',
      '12345678',
      'open',
      'closed',
      'Authorized',
      'orange',
      0,
      -1,
      1.5,
      2 ** 53,
      null,
      true,
      [],
      {},
    ),
  ),
  key: fc.constantFrom('extra', '__proto__', 'constructor', 'number', 'id'),
});

describe('the compiled answer parsers', () => {
  it('cover every schema of src/portal/schemas.ts', () => {
    const all = Object.entries(schemas)
      .filter(([n, v]) => n.endsWith('Schema') && typeof v === 'function')
      .map(([n]) => n);
    expect(names.sort()).toEqual(all.sort());
  });

  it('accept every real answer of the sandbox with the value zod gives', () => {
    for (const name of names) {
      expect(samples[name]?.length, `no sample answer for ${name}`).toBeGreaterThan(0);
      for (const v of samples[name]!) {
        expect(compiled[name]!(v), name).not.toBe(INVALID);
        agree(name, v);
      }
    }
  });

  it.prop([fc.constantFrom(...names), fc.nat(), fc.nat(), damage], { numRuns: 3000 })(
    'agree with zod on a damaged answer',
    (name, pick, where, d) => {
      const list = samples[name]!;
      const v = list[pick % list.length];
      const at = places(v);
      agree(name, damaged(v, at[where % at.length]!, d));
    },
  );

  it.prop([fc.constantFrom(...names), fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true })], {
    numRuns: 500,
  })('agree with zod on anything at all', (name, v) => {
    agree(name, v);
  });
});

describe('src/portal/parse-answer.ts', () => {
  it("parseAnswer gives the compiled value, and zod's issue where the parser refuses", async () => {
    const me = samples.meSchema![0] as Json;
    expect(await parseAnswer('meSchema', { ...me, extra: 1 })).toEqual({
      success: true,
      data: runtime('meSchema').parse(me),
    });
    // A role is an open set (any text, issue 29 §2); a number is not text.
    const bad = await parseAnswer('meSchema', { ...me, contact: { ...me.contact, role: 42 } });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0]?.path).toEqual(['contact', 'role']);
  });

  it('readAnswer gives the value or undefined', () => {
    const err = samples.apiErrorSchema![0];
    expect(readAnswer('apiErrorSchema', err)).toEqual(runtime('apiErrorSchema').parse(err));
    expect(readAnswer('apiErrorSchema', { code: 42 })).toBeUndefined();
  });

  it("answerFields lists an object schema's keys in order", () => {
    expect(answerFields('caseSummarySchema')).toEqual(
      Object.keys((runtime('caseSummarySchema') as unknown as { shape: object }).shape),
    );
    expect(answerFields('caseSchema').slice(0, 3)).toEqual(['number', 'caseType', 'status']);
  });
});
