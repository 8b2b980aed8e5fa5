// The hand-built multipart body, read back by busboy (the parser the sandbox uses).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import busboy from 'busboy';
import { disposition, fileMultipart } from '../../src/portal/multipart.js';

async function parse(
  body: NodeJS.ReadableStream,
  headers: Record<string, string>,
): Promise<{ name: string; filename: string | undefined; mimeType: string; bytes: Buffer; total: number }> {
  const chunks: Buffer[] = [];
  let total = 0;
  const raw: Buffer[] = [];
  for await (const c of body) {
    raw.push(c as Buffer);
    total += (c as Buffer).length;
  }
  return new Promise((resolve, reject) => {
    // As the sandbox reads it, by RFC 7578 §4.2: the file name is UTF-8 in its quoted-string.
    const bb = busboy({ headers, defParamCharset: 'utf8', preservePath: true });
    bb.on('file', (name, stream, info) => {
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('end', () =>
        resolve({ name, filename: info.filename, mimeType: info.mimeType, bytes: Buffer.concat(chunks), total }),
      );
    });
    bb.on('error', reject);
    bb.end(Buffer.concat(raw));
  });
}

describe('fileMultipart', () => {
  it('streams the file as one part with its name and type, and announces the exact length', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp-'));
    const file = join(dir, 'x.bin');
    const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    writeFileSync(file, data);
    const sent: number[] = [];
    const { body, headers } = fileMultipart('file', file, 'Élève report "Q1".csv', 'text/csv', data.length, (n) =>
      sent.push(n),
    );
    const r = await parse(body, headers);
    expect(r.name).toBe('file');
    expect(r.filename).toBe('Élève report "Q1".csv');
    expect(r.mimeType).toBe('text/csv');
    expect(r.bytes.equals(data)).toBe(true);
    expect(r.total).toBe(Number(headers['content-length']));
    expect(sent.at(-1)).toBe(data.length);
  });

  it('writes the file name as RFC 7578 says: UTF-8 in a quoted-string, quotes and backslashes escaped, no filename*', () => {
    expect(disposition('file', 'Élève "Q1" a\\b.csv')).toBe(
      'form-data; name="file"; filename="Élève \\"Q1\\" a\\\\b.csv"',
    );
    expect(disposition('file', 'two\r\nlines.txt')).toBe('form-data; name="file"; filename="two__lines.txt"');
    expect(disposition('file', 'naïve.txt')).not.toContain('filename*');
  });
});
