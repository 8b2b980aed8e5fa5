/**
 * A multipart/form-data body of one file, streamed from disk with a known length (so the portal
 * can refuse an oversize file before reading it). Memory stays bounded by streaming: one 64 KiB
 * read buffer at a time, and the socket's backpressure holds the reading back.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';

/** Quoted-string safe, plus the RFC 5987 form for names that are not plain ASCII. */
function disposition(field: string, filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `form-data; name="${field}"; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function fileMultipart(
  field: string,
  path: string,
  filename: string,
  contentType: string,
  size: number,
  onProgress?: (sent: number, total: number) => void,
): { body: Readable; headers: Record<string, string> } {
  const boundary = `----ic-support-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: ${disposition(field, filename)}\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* body(): AsyncIterable<Buffer> {
    yield head;
    let sent = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
      yield chunk as Buffer;
      sent += chunk.length;
      onProgress?.(sent, size);
    }
    yield tail;
  }
  return {
    body: Readable.from(body(), { objectMode: false }),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + size + tail.length),
    },
  };
}
