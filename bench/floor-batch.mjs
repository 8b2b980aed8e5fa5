// The floor under a batch (issue 16 asks, for a target that cannot be met, for "the measured floor
// and what stands in the way, with numbers"): a script that does only the work a batch of cases
// must do, with the packages the CLI must use, bundled and loaded as the CLI is. bench/submit.mjs
// runs it in the same rounds as the bare loop and `case submit --batch`:
//   - start Node; load undici (bundled as the CLI bundles it: scripts/bundle/plugins.mjs) and zod,
//     through a V8 code cache, under the V8 flags a batch sets (baseline code at once, TurboFan
//     later, WebAssembly's baseline compiler only);
//   - ask for the open notifications (the guide's look before filing) and await the answer after
//     the cases are checked; the answer checked with the parser zod compiled from the contract;
//   - read the NDJSON file; check every case with a zod schema of its case type (a strict object:
//     the fields, their lists and lengths; priority defaulted), before anything is sent;
//   - a content key per case (SHA-256 of its canonical JSON, as src/domain/idempotency.ts);
//   - POST each case with its Idempotency-Key through undici's dispatch API, as many in flight as
//     the batch keeps, each answer read whole up to a bound, parsed and checked with the parser zod
//     compiled from the contract's case schema (src/portal/parse-answer.ts);
//   - one JSON line per result on stdout.
// What it leaves out, which the CLI does: commander, the settings and the catalog (cached, read
// from disk), the catalog's rules and warnings, attachments, the outbox, retries, deadlines.
// With FLOOR_CHECKS=0 in its environment it also leaves out zod (no case and no answer checked)
// and hashing (the keys are made of the line numbers): Node, undici and the posting alone.
import { join } from 'node:path';
import { ROOT, bundleAsCli, chunkLoader } from './lib.mjs';

/** The V8 flags the batch runs under (src/commands/case/submit/batch.ts, src/portal/dispatcher.ts). */
const FLAGS = '--always-sparkplug --interrupt-budget=270336 --liftoff-only';

const source = (catalog) => `
import { Agent } from 'undici';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseAnswer } from ${JSON.stringify(join(ROOT, 'src/portal/parse-answer.ts'))};

const [file, base, token, concurrency] = [process.env.FLOOR_FILE, process.env.FLOOR_URL, process.env.FLOOR_TOKEN, Number(process.env.FLOOR_CONCURRENCY)];
const checks = process.env.FLOOR_CHECKS !== '0';
const MAX_JSON_BYTES = 4 * 1024 * 1024;
const dispatcher = new Agent({ connect: { timeout: 10_000 }, keepAliveTimeout: 10_000, connections: 8, maxHeaderSize: 16 * 1024 });

/** One exchange, its answer read whole up to its bound (as src/portal/read-whole.ts). */
function exchange(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let n = 0;
    let status = 0;
    dispatcher.dispatch({ origin: base, path, method, headers, body: body ?? null, headersTimeout: 30_000, bodyTimeout: 30_000 }, {
      onRequestStart() {},
      onResponseStart(_c, s) { status = s; },
      onResponseData(c, chunk) {
        n += chunk.length;
        if (n > MAX_JSON_BYTES) { c.abort(new Error('answer too long')); return; }
        chunks.push(chunk);
      },
      onResponseEnd() { resolve({ status, json: JSON.parse(Buffer.concat(chunks, n).toString('utf8')) }); },
      onResponseError(_c, err) { reject(err); },
    });
  });
}

function canonicalJson(v) {
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  if (v && typeof v === 'object') return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonicalJson(v[k])).join(',') + '}';
  return JSON.stringify(v);
}

/** The case type's schema; zod is required only when cases are checked. */
async function caseSchema() {
const z = await import('zod');
const text = (max) => z.string().trim().min(1).max(max);
return z.strictObject({
  caseType: z.literal('ask-a-question'),
  account: text(200),
  contact: text(200).optional(),
  priority: z.enum(${JSON.stringify(catalog.priorities)}).default('Medium'),
  module: z.enum(${JSON.stringify(catalog.modules)}),
  locationWithinProduct: text(255).optional(),
  subject: text(120),
  description: text(32000),
  attachments: z.array(z.string().min(1)).optional(),
});
}

export async function go() {
const open = exchange('GET', '/status/v1/notifications?state=open', { accept: 'application/json' });
open.catch(() => undefined);

const bodies = [];
const problems = [];
const lines = readFileSync(file, 'utf8').split('\\n');
const schema = checks ? await caseSchema() : undefined;
const run = Date.now();
for (let i = 0; i < lines.length; i++) {
  if (!lines[i].trim()) continue;
  if (!schema) {
    const { caseType, ...fields } = JSON.parse(lines[i]);
    bodies.push({ line: i + 1, key: 'floor-' + run + '-' + i, json: JSON.stringify({ caseType, fields: { priority: 'Medium', ...fields } }) });
    continue;
  }
  const r = schema.safeParse(JSON.parse(lines[i]));
  if (!r.success) { problems.push(i + 1); continue; }
  const { caseType, attachments: _a, ...fields } = r.data;
  const body = { caseType, fields };
  const key = 'content-' + createHash('sha256').update(canonicalJson(body)).update('#0').digest('hex').slice(0, 40);
  bodies.push({ line: i + 1, key, json: JSON.stringify(body) });
}
if (problems.length) throw new Error('invalid lines: ' + problems.join(', '));

const notes = await open;
if (notes.status !== 200 || (checks && !(await parseAnswer('notificationsSchema', notes.json)).success)) throw new Error('notifications: ' + notes.status);

let next = 0;
let filed = 0;
const worker = async () => {
  while (next < bodies.length) {
    const b = bodies[next++];
    const a = await exchange('POST', '/api/v1/cases', { accept: 'application/json', authorization: 'Bearer ' + token, 'idempotency-key': b.key, 'content-type': 'application/json' }, b.json);
    const c = checks ? await parseAnswer('caseSchema', a.json) : { success: true, data: a.json };
    if ((a.status !== 201 && a.status !== 200) || !c.success) throw new Error('line ' + b.line + ': ' + a.status);
    filed++;
    process.stdout.write(JSON.stringify({ line: b.line, status: 'filed', number: c.data.number, url: c.data.url }) + '\\n');
  }
};
await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
process.stderr.write(filed + ' cases: ' + filed + ' filed\\n');
await dispatcher.close();
}
`;

/**
 * Bundles the floor into `dir`; returns the arguments for `node` (the loader and the bundle) and
 * the environment it reads: FLOOR_FILE, FLOOR_URL, FLOOR_TOKEN, FLOOR_CONCURRENCY.
 */
export async function buildFloorBatch(dir) {
  const { readFileSync } = await import('node:fs');
  const cat = JSON.parse(readFileSync(join(ROOT, 'schemas/catalog.json'), 'utf8'));
  const fields = cat.types.find((t) => t.id === 'ask-a-question').fields;
  const catalog = {
    modules: fields.find((f) => f.key === 'module').choices,
    priorities: fields.find((f) => f.key === 'priority').choices,
  };
  const outfile = await bundleAsCli(dir, 'floor-batch', source(catalog));
  const load = chunkLoader(dir, { flags: FLAGS, name: 'floor-batch-load.cjs' });
  return [load, outfile];
}
