/**
 * A multipart/form-data body of one file, streamed from disk with a known length (so the portal
 * can refuse an oversize file before reading it). Memory stays bounded by streaming: one 64 KiB
 * read buffer at a time, and the socket's backpressure holds the reading back.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';

/**
 * RFC 7578 §4.2: the name in UTF-8 as it is, in a quoted-string (`"` and `\` escaped as quoted
 * pairs), and no `filename*`, which the RFC forbids in multipart/form-data. Control characters
 * cannot travel in a header: they become `_` (a file name with a line break is not worth keeping).
 */
export function disposition(field: string, filename: string): string {
  // eslint-disable-next-line no-control-regex
  const quoted = filename.replace(/[\u0000-\u001f\u007f]/g, '_').replace(/["\\]/g, (c) => `\\${c}`);
  return `form-data; name="${field}"; filename="${quoted}"`;
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
