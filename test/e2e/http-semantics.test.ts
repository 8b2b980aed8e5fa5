/**
 * HTTP as specified (issue 29 §4), against the sandbox over real HTTP: HEAD on every GET route,
 * 405 with Allow, 415 for a body of another media type, error="invalid_token" on a 401 for a bad
 * token, the download's real content type (and a contract that allows it), Cache-Control no-cache
 * where the catalog is revalidated, request strings the server refuses empty refused by the
 * contract too, and one rule for unknown filter values (400 naming the value), which the CLI shows.
 */
import { join } from 'node:path';
import { FormData, request } from 'undici';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { baseEnv, runCli } from '../helpers/cli.js';
import { loadContract, SEEDED, useSandboxSession } from '../helpers/sandbox.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const s = useSandboxSession();

async function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const r = await request(`${s.sb.url}${path}`, { method: method as 'GET', headers, body });
  const text = await r.body.text();
  return { status: r.statusCode, headers: r.headers, text };
}

const auth = () => ({ authorization: `Bearer ${s.token}` });

describe('HEAD and 405', () => {
  it('answers HEAD on every GET route of both documents as GET, without the body', async () => {
    const c = loadContract();
    const admin = { 'x-sandbox-admin': s.sb.adminKey };
    const concrete: Record<string, string> = {
      '{number}': '00001001',
      '{districtId}': 'BAYSIDE',
      '{id}': 'ntf_digicert',
      '{attachmentId}': 'att_none',
    };
    let checked = 0;
    for (const d of [c.doc, c.adminDoc])
      for (const [template, item] of Object.entries(d.paths as Json)) {
        if (!(item as Json).get) continue;
        const path = template.replace(/\{\w+\}/g, (p) => concrete[p] ?? 'x');
        const headers = { ...auth(), ...admin };
        const get = await raw('GET', path, headers);
        const head = await raw('HEAD', path, headers);
        expect(head.status, path).toBe(get.status);
        expect(head.text, path).toBe('');
        expect(head.headers['content-type'], path).toBe(get.headers['content-type']);
        // Content-Length of the same answer (a request id differs in length never: req_ + 12 characters).
        expect(head.headers['content-length'], path).toBe(get.headers['content-length']);
        checked++;
      }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('answers a method the path does not have with 405 and Allow', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/api/v1/me', 'GET, HEAD'],
      ['DELETE', '/api/v1/cases', 'GET, HEAD, POST'],
      ['PATCH', '/api/v1/cases/00001001/close', 'POST'],
      ['OPTIONS', '/api/v1/catalog', 'GET, HEAD'],
    ] as const) {
      const r = await raw(method, path, auth());
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.allow).toBe(allow);
      expect(JSON.parse(r.text)).toMatchObject({ code: 'method_not_allowed', status: 405 });
    }
    expect((await raw('GET', '/api/v1/no-such-thing', auth())).status).toBe(404);
  });
});

describe('media types', () => {
  it('answers 415 for a JSON operation sent another media type, and for an upload that is not multipart', async () => {
    const r = await raw('POST', '/api/v1/sessions', { 'content-type': 'text/plain' }, 'email=x');
    expect(r.status).toBe(415);
    expect(JSON.parse(r.text)).toMatchObject({ code: 'unsupported_media_type', status: 415 });
    const up = await raw(
      'POST',
      '/api/v1/cases/00001001/attachments',
      { ...auth(), 'content-type': 'application/json' },
      '{}',
    );
    expect(up.status).toBe(415);
    expect(JSON.parse(up.text).detail).toMatch(/multipart\/form-data/);
  });

  it('sends a download with the media type it was uploaded with, which the contract allows', async () => {
    const form = new FormData();
    form.append('file', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'grades.csv');
    const up = await request(`${s.sb.url}/api/v1/cases/00001001/attachments`, {
      method: 'POST',
      headers: auth(),
      body: form,
    });
    expect(up.statusCode).toBe(201);
    const att = (await up.body.json()) as Json;
    const down = await raw('GET', `/api/v1/cases/00001001/attachments/${att.id}`, auth());
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('text/csv');
    expect(down.text).toBe('a,b\n1,2\n');
    const paths = loadContract().doc.paths as Json;
    const content = paths['/api/v1/cases/{number}/attachments/{attachmentId}'].get.responses['200'].content as Json;
    expect(Object.keys(content)).toEqual(['*/*']);
  });
});

describe('authentication challenges', () => {
  it('says error="invalid_token" for a token that is not good, and the bare challenge without one', async () => {
    const none = await raw('GET', '/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="ic-support-sandbox"');
    const bad = await raw('GET', '/api/v1/me', { authorization: 'Bearer icsp_made-up' });
    expect(bad.status).toBe(401);
    expect(bad.headers['www-authenticate']).toBe('Bearer realm="ic-support-sandbox", error="invalid_token"');
  });
});

describe('caching', () => {
  it('lets a client keep the catalog and revalidate it: no-cache with the ETag, on 200 and 304', async () => {
    const first = await raw('GET', '/api/v1/catalog');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    const again = await raw('GET', '/api/v1/catalog', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers['cache-control']).toBe('no-cache');
    expect(again.headers.etag).toBe(etag);
    expect((await raw('GET', '/api/v1/me', auth())).headers['cache-control']).toBe('no-store');
  });
});

describe('the contract is no looser than the server', () => {
  it('refuses in its schemas the empty and blank strings the server refuses', async () => {
    const c = loadContract();
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(c.doc, 'portal');
    const valid = (schema: string, value: unknown) =>
      ajv.validate({ $ref: `portal#/components/schemas/${schema}` }, value);
    const cases: [schema: string, path: string, body: Json][] = [
      ['Credentials', '/api/v1/sessions', { email: '', password: 'x' }],
      ['Credentials', '/api/v1/sessions', { email: SEEDED.zack, password: ' ' }],
      ['EmailOnly', '/api/v1/password-reset/request', { email: '' }],
      ['TokenAndPassword', '/api/v1/password-reset/confirm', { token: '', password: 'a-long-enough-password' }],
      ['CommentCreate', '/api/v1/cases/00001001/comments', { body: '  ' }],
    ];
    for (const [schema, path, body] of cases) {
      const r = await s.api.call('POST', path, { token: s.token, body });
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(422);
      expect(valid(schema, body), `${schema} ${JSON.stringify(body)}`).toBe(false);
    }
    expect(valid('CommentCreate', { body: 'fine' })).toBe(true);
    expect(valid('CaseCreate', { caseType: '', fields: {} })).toBe(false);
  });
});

describe('unknown filter values', () => {
  it('answers 400 naming the value for caseStatus as for caseType and account', async () => {
    for (const [query, named] of [
      ['caseStatus=Pendng', '"Pendng"'],
      ['caseType=nope', 'caseType'],
      ['account=Nowhere', '"Nowhere"'],
    ]) {
      const r = await s.api.call('GET', `/api/v1/cases?${query}`, { token: s.token });
      expect(r.status, query).toBe(400);
      expect(r.body.detail).toContain(named);
    }
    const near = await s.api.call('GET', '/api/v1/cases?caseStatus=Pendng', { token: s.token });
    expect(near.body.detail).toContain('did you mean "Pending"?');
    expect((await s.api.call('GET', '/api/v1/cases?caseStatus=pending', { token: s.token })).status).toBe(200);
  });

  it('the CLI: case list --status with a status the portal does not have exits 2 with the portal’s words', async () => {
    const r = await runCli(['case', 'list', '--status', 'pendng'], {
      env: { ...baseEnv(join(s.dir, 'state')), IC_SUPPORT_PORTAL_URL: s.sb.url, IC_SUPPORT_TOKEN: s.token },
    });
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain('did you mean "Pending"?');
    // Named as the user typed it (--status), not as the portal's query parameter (caseStatus).
    expect(r.stderr).toMatch(/^error: --status: the portal says "pendng" is not a status/);
    expect(r.stderr).not.toContain('caseStatus');
    expect(r.stderr).toContain('ic-support case list --help');
    // A script reading --json gets no data at all, not "[" nor "[]" (issue 26 §12).
    const j = await runCli(['case', 'list', '--status', 'pendng', '--json'], {
      env: { ...baseEnv(join(s.dir, 'state')), IC_SUPPORT_PORTAL_URL: s.sb.url, IC_SUPPORT_TOKEN: s.token },
    });
    expect(j.code).toBe(ExitCode.usage);
    expect(j.stdout).toBe('');
    expect(j.stderr).toContain('did you mean "Pending"?');
  });
});
