/** The OpenAPI contract: valid by an independent validator, and covering what docs/portal-api.md lists. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { parse } from 'yaml';
import { ADMIN_CONTRACT_FILE, CONTRACT_FILE } from '../helpers/sandbox.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = parse(readFileSync(CONTRACT_FILE, 'utf8')) as Json;
const adminDoc = parse(readFileSync(ADMIN_CONTRACT_FILE, 'utf8')) as Json;

describe('schemas/portal-api.yaml and schemas/sandbox-admin-api.yaml', () => {
  it.each([
    ['portal-api.yaml', doc],
    ['sandbox-admin-api.yaml', adminDoc],
  ])('%s is a valid OpenAPI 3.1 document', async (_name, d) => {
    const v = new Validator();
    // The admin document refers to the portal's by its file name.
    if (d === adminDoc) await v.addSpecRef(structuredClone(doc), 'portal-api.yaml');
    const res = await v.validate(d);
    expect(res.errors).toBeUndefined();
    expect(res.valid).toBe(true);
    expect(v.version).toBe('3.1');
  });

  it('keeps the sandbox’s admin API out of the portal’s contract, each of its operations behind the admin key', () => {
    expect(Object.keys(doc.paths as Json).filter((p) => p.startsWith('/sandbox/'))).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('sandboxAdmin');
    const adminPaths = Object.keys(adminDoc.paths as Json);
    expect(adminPaths.length).toBeGreaterThanOrEqual(12);
    for (const [path, item] of Object.entries(adminDoc.paths as Json)) {
      expect(path).toMatch(/^\/sandbox\/v1\//);
      for (const op of Object.values(item as Json)) {
        if (!op || typeof op !== 'object' || !('responses' in op)) continue;
        expect((op as Json).tags).toEqual(['sandbox']);
        expect((op as Json).security).toEqual([{ sandboxAdmin: [] }]);
      }
    }
  });

  it('has every endpoint of docs/portal-api.md', () => {
    const ops = Object.entries({ ...doc.paths, ...adminDoc.paths } as Json).flatMap(([path, item]) =>
      Object.keys(item as Json)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const op of [
      'POST /api/v1/sessions',
      'DELETE /api/v1/sessions/current',
      'POST /api/v1/activation/request',
      'POST /api/v1/activation/confirm',
      'POST /api/v1/password-reset/request',
      'POST /api/v1/password-reset/confirm',
      'GET /api/v1/me',
      'GET /api/v1/districts/{districtId}/contacts',
      'GET /api/v1/picklists',
      'GET /api/v1/catalog',
      'POST /api/v1/cases',
      'GET /api/v1/cases',
      'GET /api/v1/cases/{number}',
      'GET /api/v1/cases/{number}/comments',
      'POST /api/v1/cases/{number}/comments',
      'POST /api/v1/cases/{number}/attachments',
      'GET /api/v1/cases/{number}/attachments',
      'GET /api/v1/cases/{number}/attachments/{attachmentId}',
      'POST /api/v1/cases/{number}/close',
      'POST /api/v1/cases/{number}/reopen',
      'GET /api/v1/case-process',
      'GET /status/v1/notifications',
      'GET /status/v1/notifications/{id}',
      'POST /sandbox/v1/cases/{number}/resolution',
      'POST /sandbox/v1/cases/{number}/escalations',
      'GET /sandbox/v1/clock',
      'POST /sandbox/v1/clock',
    ]) {
      expect(ops).toContain(op);
    }
  });

  it('has one error shape with the codes of docs/portal-api.md, and a bearer security scheme', () => {
    const codes = doc.components.schemas.Problem.properties.code['x-extensible-enum'] as string[];
    expect(codes.sort()).toEqual(
      [
        'bad_request',
        'unauthenticated',
        'token_expired',
        'invalid_credentials',
        'forbidden',
        'account_not_activated',
        'not_found',
        'method_not_allowed',
        'idempotency_in_progress',
        'payload_too_large',
        'unsupported_media_type',
        'validation_failed',
        'idempotency_key_reused',
        'rate_limited',
        'internal',
        'unavailable',
        'reopen_window_closed',
        'case_closed',
      ].sort(),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.responses.RateLimited.headers['Retry-After'].$ref).toBe('#/components/headers/RetryAfter');
    expect(doc.components.headers.RetryAfter.required).toBe(true);
    // Both forms of RFC 9110: delay-seconds and an HTTP-date.
    expect(doc.components.headers.RetryAfter.schema.oneOf.map((s: { type: string }) => s.type)).toEqual([
      'integer',
      'string',
    ]);
  });
});

describe('the test suite’s contract check', () => {
  it('rejects answers that drift from the contract', async () => {
    const { loadContract } = await import('../helpers/sandbox.js');
    const c = loadContract();
    expect(c.template('/api/v1/cases/00001001')).toBe('/api/v1/cases/{number}');
    expect(c.template('/sandbox/v1/cases/count')).toBe('/sandbox/v1/cases/count');
    const v = c.responseValidator('GET', '/api/v1/cases/00001001', 200);
    if (typeof v !== 'function') throw new Error('no validator');
    expect(v({})).toBe(false);
    const err = c.responseValidator('GET', '/api/v1/cases/00001001', 503);
    if (typeof err !== 'function') throw new Error('no validator');
    const problem = { type: 'https://x.example/p', title: 'Unavailable', status: 503, detail: 'x', requestId: 'r1' };
    expect(err({ ...problem, code: 'unavailable' })).toBe(true);
    // The set of codes is open; a problem without its code, or the old envelope, is not one.
    expect(err({ ...problem, code: 'oops' })).toBe(true);
    expect(err(problem)).toBe(false);
    expect(err({ error: { code: 'unavailable', message: 'x' } })).toBe(false);
    expect(c.responseValidator('DELETE', '/api/v1/sessions/current', 204)).toBe('no-content');
    expect(c.responseValidator('GET', '/api/v1/me', 418)).toBeUndefined();
  });
});

describe('the sandbox’s routes and request bodies', () => {
  const opsOf = (paths: Json): string[] =>
    Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item as Json)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );

  it('serves only operations of the contract, each once (the web page aside)', async () => {
    const { ROUTES } = await import('../../src/sandbox/routes/index.js');
    const served = ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`).filter(
      (op) => !op.includes('/customers/'),
    );
    const documented = new Set(opsOf({ ...doc.paths, ...adminDoc.paths } as Json));
    expect(served.filter((op) => !documented.has(op))).toEqual([]);
    expect(new Set(served).size).toBe(served.length);
    // The portal's own paths that every client uses are all served.
    for (const op of [
      'POST /api/v1/sessions',
      'POST /api/v1/cases',
      'GET /api/v1/cases',
      'GET /status/v1/notifications',
    ])
      expect(served).toContain(op);
  });

  it('checks each JSON body with a zod schema that has the contract’s members', async () => {
    const { z } = await import('zod');
    const { ROUTES } = await import('../../src/sandbox/routes/index.js');
    // A body schema is its own document's (`#/…`) or the portal's (`portal-api.yaml#/…`).
    const deref = (s: Json, d: Json): Json => {
      if (!s.$ref) return s;
      const from = String(s.$ref).startsWith('#') ? d : doc;
      return (from.components.schemas as Json)[String(s.$ref).split('/').pop()!];
    };
    let checked = 0;
    for (const route of ROUTES) {
      const op = `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`;
      const d = route.admin ? adminDoc : doc;
      const item = (d.paths as Json)[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()] as
        Json | undefined;
      const jsonBody = item?.requestBody?.content?.['application/json'];
      expect(Boolean(route.body), `${op}: a route with a JSON body in the contract names its zod schema as body`).toBe(
        Boolean(jsonBody),
      );
      if (!jsonBody || !route.body) continue;
      const contract = deref(jsonBody.schema, d);
      const ours = z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) as Json;
      expect(Object.keys(ours.properties).sort(), op).toEqual(Object.keys(contract.properties).sort());
      // The sandbox may be more lenient than the contract, never stricter.
      for (const k of (ours.required as string[] | undefined) ?? [])
        expect(contract.required ?? [], `${op} ${k}`).toContain(k);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(14);
  });
});

describe('examples', () => {
  it('every schema of both documents has an example, and each example is valid against its schema', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const addFormats = (await import('ajv-formats')).default as unknown as (a: InstanceType<typeof Ajv2020>) => void;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    // Fresh copies: the OpenAPI validator above marks up the documents it was given.
    ajv.addSchema(parse(readFileSync(CONTRACT_FILE, 'utf8')) as Json, 'portal-api.yaml');
    ajv.addSchema(parse(readFileSync(ADMIN_CONTRACT_FILE, 'utf8')) as Json, 'sandbox-admin-api.yaml');
    let checked = 0;
    for (const [file, d] of [
      ['portal-api.yaml', doc],
      ['sandbox-admin-api.yaml', adminDoc],
    ] as const) {
      for (const [name, schema] of Object.entries(d.components.schemas as Json)) {
        const examples = (schema as Json).examples as unknown[] | undefined;
        expect(examples?.length, `${file} ${name} has no example`).toBeGreaterThan(0);
        const validate = ajv.compile({ $ref: `${file}#/components/schemas/${name}` });
        for (const ex of examples ?? []) {
          expect(validate(ex), `${file} ${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(50);
    // The check can fail: an example with a member of the wrong type is refused.
    const v = ajv.compile({ $ref: 'portal-api.yaml#/components/schemas/Attachment' });
    expect(v({ ...(doc.components.schemas.Attachment.examples[0] as Json), size: 'big' })).toBe(false);
  });
});
