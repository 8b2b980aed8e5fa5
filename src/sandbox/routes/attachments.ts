/** A case's attachments: multipart upload streamed to disk (busboy), listing, download. */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { canWrite, type Auth, type SandboxApp } from '../app.js';
import { hold, idempotencyKey, remember, replay, taken } from '../idempotency.js';
import { canonicalHash } from '../secrets.js';
import type { CaseRow } from '../store.js';
import { caseSummary } from '../views.js';
import {
  ATTACHMENT_LIMIT,
  badRequest,
  drain,
  forbidden,
  HttpError,
  invalid,
  notFound,
  sendJson,
  unsupportedMediaType,
} from '../http.js';
import type { Handler, Route } from '../router.js';
import { newId } from '../secrets.js';
import { attachmentView, contentDisposition } from '../views.js';

const listAttachments: Handler = ({ req, res, params, app }) => {
  const auth = app.authenticate(req);
  const row = app.visibleCase(auth, params.number!);
  sendJson(res, 200, { attachments: app.store.attachments(row.id).map(attachmentView) });
};

const uploadAttachment: Handler = async ({ req, res, params, app }) => {
  const auth = app.authenticate(req);
  const row = app.visibleCase(auth, params.number!);
  if (!canWrite(auth)) throw forbidden('Read Only contacts cannot attach files.');
  // Optional (required to file a case): with one, a retried upload never makes a second attachment.
  const key = idempotencyKey(req, false);
  const release = key ? hold(app, auth, key) : () => undefined;
  try {
    await receive(app, auth, row, key, req, res);
  } finally {
    release();
  }
};

async function receive(
  app: SandboxApp,
  auth: Auth,
  row: CaseRow,
  key: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { store } = app;
  const type = String(req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data\s*;/i.test(type))
    throw unsupportedMediaType('multipart/form-data with one part named "file"', 'multipart/form-data', type);
  const declared = Number(req.headers['content-length'] ?? '0');
  const tooLarge = new HttpError(
    413,
    'payload_too_large',
    `The attachment is larger than ${ATTACHMENT_LIMIT / 1024 / 1024} MiB.`,
  );
  if (declared > ATTACHMENT_LIMIT + 1024 * 1024) {
    await drain(req);
    throw tooLarge;
  }
  const id = newId('att');
  const dir = join(app.deps.dataDir, 'attachments');
  const partial = join(dir, `${id}.part`);
  let info: { filename: string; mimeType: string } | undefined;
  let truncated = false;
  /** What the upload is, for its Idempotency-Key: the file's bytes (its name and type added at the end). */
  const digest = createHash('sha256');
  /** What is wrong with the parts, besides size: named in the 422. */
  let misplaced: string | undefined;
  let write: Promise<void> | undefined;
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      // RFC 7578 §4.2: a file name is UTF-8 in the quoted-string, kept as sent (backslashes too).
      defParamCharset: 'utf8',
      preservePath: true,
      // Two, so that a second file part is seen (and refused) rather than silently dropped.
      limits: { files: 2, fileSize: ATTACHMENT_LIMIT + 1, fields: 20, parts: 25, fieldSize: 64 * 1024 },
    });
  } catch (e) {
    throw badRequest(`The multipart body cannot be read: ${(e as Error).message}`);
  }
  // busboy reports a limit on reaching fileSize, so it is one byte over: a file of exactly the
  // published limit is accepted, as the client's check (size > limit) expects.
  const done = new Promise<void>((resolve, reject) => {
    bb.on('file', (name, stream, fileInfo) => {
      if (name === 'file' && info)
        misplaced ??= 'send one file per upload: this body has a second part named "file"; upload each file on its own';
      if (name !== 'file' || info) {
        stream.resume();
        return;
      }
      // eslint-disable-next-line no-control-regex
      const filename = (fileInfo.filename ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || 'attachment';
      info = { filename, mimeType: fileInfo.mimeType || 'application/octet-stream' };
      stream.on('data', (chunk: Buffer) => digest.update(chunk));
      stream.on('limit', () => {
        truncated = true;
      });
      write = pipeline(stream, createWriteStream(partial, { mode: 0o600 }));
      write.catch(() => undefined);
    });
    // A part named "file" without a filename is a form field to busboy: say what it lacks.
    bb.on('field', (name) => {
      if (name === 'file')
        misplaced ??=
          'the part named "file" has no filename: send it as Content-Disposition: form-data; name="file"; filename="…"';
    });
    bb.on('close', () => resolve());
    bb.on('error', (e) => reject(badRequest(`The multipart body cannot be read: ${(e as Error).message}`)));
    req.on('aborted', () => reject(badRequest('The upload was interrupted.')));
  });
  req.pipe(bb);
  try {
    await done;
    if (write) await write;
  } catch (e) {
    req.unpipe(bb);
    await rm(partial, { force: true });
    await drain(req);
    throw e;
  }
  if (truncated) {
    await rm(partial, { force: true });
    throw tooLarge;
  }
  if (misplaced) {
    await rm(partial, { force: true });
    throw invalid([{ field: 'file', message: misplaced }]);
  }
  if (!info || !write) throw invalid([{ field: 'file', message: 'send the file as a multipart part named "file"' }]);
  const size = (await stat(partial)).size;
  const meta = info;
  const keyed = key
    ? {
        key,
        scope: `POST /api/v1/cases/${caseSummary(row).number}/attachments`,
        bodyHash: canonicalHash({
          filename: meta.filename,
          contentType: meta.mimeType,
          size,
          sha256: digest.digest('hex'),
        }),
      }
    : undefined;
  if (keyed && taken(app, auth, keyed.key)) {
    // Removed before answering: the client may send its next request the moment it has this one.
    await rm(partial, { force: true });
    if (replay(app, auth, keyed, res)) return;
  }
  await rename(partial, join(dir, id));
  const at = app.now();
  const answer = store.tx(() => {
    if (keyed && taken(app, auth, keyed.key)) return undefined;
    store.addAttachment({
      id,
      caseId: row.id,
      filename: meta.filename,
      size,
      contentType: meta.mimeType,
      createdAt: at,
      createdBy: auth.contact.id,
    });
    store.touchCase(row.id, at, auth.contact.id);
    const made = { status: 201, body: attachmentView(store.attachment(row.id, id)!) };
    if (keyed) remember(app, auth, keyed, made);
    return made;
  });
  if (!answer) {
    await rm(join(dir, id), { force: true });
    replay(app, auth, keyed!, res);
    return;
  }
  sendJson(res, answer.status, answer.body);
}

const downloadAttachment: Handler = async ({ req, res, params, app }) => {
  const auth = app.authenticate(req);
  const row = app.visibleCase(auth, params.number!);
  const att = app.store.attachment(row.id, params.attachmentId!);
  if (!att) throw notFound(`Attachment ${params.attachmentId} was not found on case ${params.number}.`);
  res.writeHead(200, {
    'Content-Type': att.content_type,
    'Content-Length': String(att.size),
    'Content-Disposition': contentDisposition(att.filename),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  await pipeline(createReadStream(join(app.deps.dataDir, 'attachments', att.id)), res);
};

export const attachmentRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/cases/:number/attachments', handle: listAttachments },
  { method: 'POST', path: '/api/v1/cases/:number/attachments', handle: uploadAttachment },
  { method: 'GET', path: '/api/v1/cases/:number/attachments/:attachmentId', handle: downloadAttachment },
];
