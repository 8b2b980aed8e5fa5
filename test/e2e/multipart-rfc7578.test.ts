/**
 * Multipart by RFC 7578 (issue 29 §5), over real HTTP on 127.0.0.1: the CLI sends a file name in
 * UTF-8 in `filename` and never `filename*` (§4.2 forbids it), and a name with non-ASCII letters,
 * quotes and a backslash comes back from the sandbox byte for byte; the sandbox refuses a part
 * named "file" without a filename, and a second file part, saying which.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { apiClient, SEEDED, startSandbox, type SandboxProcess } from '../helpers/sandbox.js';

let sb: SandboxProcess;
let token: string;
let dir: { path: string; cleanup: () => void };
let proxy: Server;
let proxyUrl: string;
/** The part headers of every multipart body that went through the proxy, as raw bytes. */
const partHeads: Buffer[] = [];

beforeAll(async () => {
  sb = await startSandbox();
  token = await apiClient(sb).signIn(SEEDED.zack, sb.demo.password);
  dir = tempDir('ic-support-multipart-');
  // Passes every request on to the sandbox, keeping the head of each multipart part it carries.
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (String(req.headers['content-type']).startsWith('multipart/')) {
        const end = body.indexOf('\r\n\r\n');
        partHeads.push(body.subarray(0, end));
      }
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      void request(`${sb.url}${req.url}`, {
        method: req.method as 'GET',
        headers,
        body: body.length ? body : undefined,
      })
        .then(async (up) => {
          const out = Buffer.from(await up.body.arrayBuffer());
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(up.headers))
            if (typeof v === 'string' && !['transfer-encoding', 'connection', 'keep-alive'].includes(k)) h[k] = v;
          res.writeHead(up.statusCode, h);
          res.end(out);
        })
        .catch(() => res.writeHead(502).end());
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

describe('a file name travels as RFC 7578 says', () => {
  it('case attach: a non-ASCII name with quotes and a backslash round-trips byte for byte, sent without filename*', async () => {
    const name = 'Élève – notes "Q1" \\ 日本語 ✓.csv';
    const file = join(dir.path, name);
    writeFileSync(file, 'student,grade\nA,B\n');
    const r = await runCli(['case', 'attach', '00001001', file, '--json', 'filename'], {
      env: { ...baseEnv(join(dir.path, 'state')), IC_SUPPORT_PORTAL_URL: proxyUrl, IC_SUPPORT_TOKEN: token },
    });
    expect(r.code, r.stderr).toBe(0);
    const head = partHeads.at(-1)!.toString('utf8');
    expect(head).not.toContain('filename*');
    expect(head).toContain(`filename="Élève – notes \\"Q1\\" \\\\ 日本語 ✓.csv"`);
    const listed = await apiClient(sb).call('GET', '/api/v1/cases/00001001/attachments', { token });
    const names = (listed.body.attachments as { filename: string }[]).map((a) => a.filename);
    expect(names.map((n) => Buffer.from(n, 'utf8').toString('hex'))).toContain(
      Buffer.from(name, 'utf8').toString('hex'),
    );
  });
});

describe('the sandbox refuses a body that is not one file part, saying what is wrong', () => {
  const send = async (parts: string) => {
    const r = await request(`${sb.url}/api/v1/cases/00001001/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=BB' },
      body: `${parts}--BB--\r\n`,
    });
    return { status: r.statusCode, body: (await r.body.json()) as { fields?: { field: string; message: string }[] } };
  };
  const part = (disposition: string, content: string) =>
    `--BB\r\nContent-Disposition: ${disposition}\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;

  it('a part named "file" without a filename', async () => {
    const r = await send(part('form-data; name="file"', 'hello'));
    expect(r.status).toBe(422);
    expect(r.body.fields?.[0]).toMatchObject({ field: 'file', message: expect.stringMatching(/has no filename/) });
  });

  it('a second file part, instead of dropping it', async () => {
    const before = (await apiClient(sb).call('GET', '/api/v1/cases/00001001/attachments', { token })).body.attachments
      .length as number;
    const r = await send(
      part('form-data; name="file"; filename="a.txt"', 'one') + part('form-data; name="file"; filename="b.txt"', 'two'),
    );
    expect(r.status).toBe(422);
    expect(r.body.fields?.[0]?.message).toMatch(/second part named "file"/);
    const after = (await apiClient(sb).call('GET', '/api/v1/cases/00001001/attachments', { token })).body.attachments;
    expect(after.length).toBe(before);
  });
});
