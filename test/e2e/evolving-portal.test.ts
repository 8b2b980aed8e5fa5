/**
 * A newer portal (issue 29 §2): answers carry members this contract does not name and values the
 * open sets (role, priority, notification kind, banner color) did not list. The CLI keeps working
 * and shows the new values as the portal names them. A proxy in front of the real sandbox adds
 * them to its answers, over real HTTP on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { apiClient, SEEDED, startSandbox, type SandboxProcess } from '../helpers/sandbox.js';

let sb: SandboxProcess;
let proxy: Server;
let proxyUrl: string;
let token: string;
let dir: { path: string; cleanup: () => void };

type Json = Record<string, unknown>;

/** What a newer portal adds to its answers: a member on every object, and new values in the open sets. */
function newer(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => newer(v));
  if (value === null || typeof value !== 'object') return value;
  // Maps keyed by the portal's own names (case fields, picklists) are data, not objects of the contract.
  if (['fields', 'picklists', 'type', 'requestType', 'params'].includes(key)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) out[k] = newer(v, k);
  out.addedInAFutureVersion = { note: 'a member this contract does not name' };
  if (typeof out.role === 'string') out.role = 'District Liaison';
  if (typeof out.priority === 'string') out.priority = 'Urgent';
  if (out.kind === 'maintenance') out.kind = 'advisory';
  if (typeof out.color === 'string') out.color = 'purple';
  return out;
}

beforeAll(async () => {
  sb = await startSandbox();
  token = await apiClient(sb).signIn(SEEDED.zack, sb.demo.password);
  dir = tempDir('ic-support-evolving-');
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers = { ...req.headers };
        delete headers.host;
        delete headers.connection;
        const up = await request(`${sb.url}${req.url}`, {
          method: req.method as 'GET',
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        const text = await up.body.text();
        const type = String(up.headers['content-type'] ?? '');
        const body = type.includes('json') && text ? JSON.stringify(newer(JSON.parse(text))) : text;
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(up.headers))
          if (typeof v === 'string' && !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k))
            out[k] = v;
        res.writeHead(up.statusCode, out);
        res.end(body);
      })().catch((e: unknown) => {
        res.writeHead(502);
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await sb?.stop();
  sb?.cleanup();
  dir?.cleanup();
});

const run = (args: string[]) =>
  runCli(args, {
    env: {
      ...baseEnv(join(dir.path, 'state')),
      IC_SUPPORT_PORTAL_URL: proxyUrl,
      IC_SUPPORT_NOTIFICATIONS_URL: proxyUrl,
      IC_SUPPORT_TOKEN: token,
      TZ: 'UTC',
    },
  });

describe('a portal newer than the contract', () => {
  it('shows a role it does not know as named (auth status, contacts)', async () => {
    const status = await run(['auth', 'status']);
    expect(status.stderr).not.toMatch(/contract/i);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout + status.stderr).toContain('District Liaison');
    const contacts = await run(['contacts']);
    expect(contacts.code, contacts.stderr).toBe(0);
    expect(contacts.stdout).toContain('District Liaison');
  });

  it('shows a priority it does not know as named (case list, case show)', async () => {
    const list = await run(['case', 'list', '--json', 'number,priority']);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as { number: string; priority: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.priority === 'Urgent')).toBe(true);
    const show = await run(['case', 'show', rows[0]!.number, '--json', 'priority']);
    expect(show.code, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ priority: 'Urgent' });
  });

  it('shows a notification kind and a banner color it does not know, without failing', async () => {
    const r = await run(['notifications']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('advisory');
    const json = await run(['notifications', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('advisory');
  });
});

describe('request bodies stay closed', () => {
  it('refuses a member the contract does not name (422 naming it), on every kind of body', async () => {
    const api = apiClient(sb);
    const signIn = await api.call('POST', '/api/v1/sessions', {
      body: { email: SEEDED.zack, password: sb.demo.password, remember: true },
    });
    expect(signIn.status).toBe(422);
    expect(JSON.stringify(signIn.body)).toContain('remember');
    const comment = await api.call('POST', '/api/v1/cases/00001001/comments', {
      token,
      body: { body: 'A comment.', visibility: 'internal' },
    });
    expect(comment.status).toBe(422);
    expect(JSON.stringify(comment.body)).toContain('visibility');
  });
});
