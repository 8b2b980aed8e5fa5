#!/usr/bin/env node
// The sandbox itself (issue 9): requests per second and p99 latency for case creation (POST
// /api/v1/cases, a distinct Idempotency-Key and body each) and for listing (GET /api/v1/cases, 25
// a page) with 10 concurrent clients (autocannon). Baseline, in the same run: a bare node:http
// server on loopback answering a JSON body of the same size, under the same load.
//
//   node bench/sandbox.mjs [--seconds 5]
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { request } from 'undici';
import { apiBody, arg, fmt, machine, signIn, startSandbox } from './lib.mjs';

const CONNECTIONS = 10;

function bare(payload) {
  return new Promise((resolve) => {
    const s = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(req.method === 'POST' ? 201 : 200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        });
        res.end(payload);
      });
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

async function load(url, seconds, requests) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests });
  if (r.errors) throw new Error(`autocannon: ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, non2xx: r.non2xx, total: r.requests.total };
}

export async function sandboxLoad({ seconds = 5 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ic-support-bench-sandbox-'));
  const { child, info } = await startSandbox(join(dir, 'sandbox'), ['--seed-cases', '500']);
  try {
    const token = await signIn(info);
    const auth = { authorization: `Bearer ${token}` };
    let i = 0;
    const create = [
      {
        method: 'POST',
        path: '/api/v1/cases',
        setupRequest: (req) => ({
          ...req,
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(apiBody('LOAD', i++)),
        }),
      },
    ];
    const list = [{ method: 'GET', path: '/api/v1/cases?status=all&limit=25', headers: auth }];
    // Sizes of the real answers, for the bare server's.
    const one = await request(`${info.url}/api/v1/cases`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(apiBody('SIZE', 0)),
    });
    const created = await one.body.text();
    const page = await (await request(`${info.url}/api/v1/cases?status=all&limit=25`, { headers: auth })).body.text();

    const out = {};
    for (const [name, reqs, payload] of [
      ['create', create, created],
      ['list', list, page],
    ]) {
      const server = await bare(payload);
      const url = `http://127.0.0.1:${server.address().port}`;
      try {
        await load(url, 1, reqs); // warm-up
        await load(info.url, 1, reqs);
        const base = await load(url, seconds, reqs);
        const sb = await load(info.url, seconds, reqs);
        if (sb.non2xx) throw new Error(`${name}: ${sb.non2xx} answers were not 2xx`);
        out[name] = { sandbox: sb, bare: base, ratio: sb.rps / base.rps, bytes: Buffer.byteLength(payload) };
      } finally {
        server.close();
      }
    }
    return { seconds, connections: CONNECTIONS, ...out };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printSandbox(r) {
  console.log(
    `the sandbox under load: ${r.connections} concurrent clients (autocannon), ${r.seconds} s each, against a bare node:http server answering the same bytes`,
  );
  for (const name of ['create', 'list']) {
    const x = r[name];
    const what = name === 'create' ? 'POST /api/v1/cases (new case each)' : 'GET /api/v1/cases?limit=25';
    console.log(
      `  ${what.padEnd(36)} ratio ${fmt(x.ratio, 2)}  sandbox ${fmt(x.sandbox.rps)} req/s, p50 ${fmt(x.sandbox.p50)} ms, p99 ${fmt(x.sandbox.p99)} ms; bare ${fmt(x.bare.rps)} req/s, p99 ${fmt(x.bare.p99)} ms (${x.bytes} B answers)`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  printSandbox(await sandboxLoad({ seconds: Number(arg('seconds', 5)) }));
}
