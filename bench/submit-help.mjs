// `case submit --help` and TAB completion over a huge portal catalog (issue 25 §7): 100 types of
// 200 fields, 20,000 field flags, against the same commands over the bundled catalog, run by run.
// The work is linear in the fields (test/unit/submit-help-scale.test.ts counts it); this prints
// what that costs in time and peak RSS. Before the fix: 24 s of CPU for `case submit --help`.
//
//   node bench/submit-help.mjs [--runs 5]
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, cleanEnv, fmt, median, peakRssHook } from './lib.mjs';

const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.BENCH_RUNS ?? 5);

/** 100 types of 200 fields, each field its own flag (--f<type>x<n>), within the contract's limits. */
function hugeCatalog() {
  return {
    catalogVersion: 'bench-huge-1',
    types: Array.from({ length: 100 }, (_, t) => ({
      id: `type-${t}`,
      label: `Type ${t}`,
      description: `Bench type ${t}`,
      examples: [],
      guidance: [],
      rules: [],
      fields: Array.from({ length: 200 }, (_, n) => ({
        key: `f${t}x${n}`,
        label: `Field ${n} of type ${t}`,
        kind: n % 10 === 0 ? 'choice' : 'text',
        help: 'A field of the bench catalog.',
        required: false,
        ...(n % 10 === 0 ? { choices: ['One', 'Two', 'Three'] } : {}),
      })),
    })),
  };
}

export async function submitHelp() {
  const body = JSON.stringify(hugeCatalog());
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/api/v1/picklists')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ catalogVersion: 'bench-huge-1', picklists: { module: [], type: {}, requestType: {} } }));
    } else if (req.url?.startsWith('/api/v1/catalog')) {
      res.writeHead(200, { 'content-type': 'application/json', etag: '"bench-huge-1"' });
      res.end(body);
    } else {
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Not found',
          status: 404,
          detail: 'Not here.',
          code: 'not_found',
          requestId: 'b',
        }),
      );
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  const dir = mkdtempSync(join(tmpdir(), 'ic-support-bench-help-'));
  const envOf = (name) =>
    cleanEnv({
      IC_SUPPORT_CONFIG_DIR: join(dir, name),
      IC_SUPPORT_PORTAL_URL: url,
      IC_SUPPORT_TOKEN: 'bench-token-0123456789',
    });
  const huge = envOf('huge');
  const bundled = envOf('bundled');
  // The catalog is fetched once (async: the server answers in this process), then the server is
  // closed: help and completion read the cached catalog and ask the portal nothing.
  await promisify(execFile)(process.execPath, [BIN, 'catalog', 'refresh'], { env: huge });
  server.close();
  const hook = join(dir, 'rss.cjs');
  const rssFile = join(dir, 'rss');
  writeFileSync(hook, peakRssHook(rssFile));
  const run = (args, env) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', hook, BIN, ...args], {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
    return { ms, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, lines: r.stdout.split('\n').length };
  };
  const COMMANDS = [
    { name: 'case submit --help', args: ['case', 'submit', '--help'] },
    {
      name: 'case submit type-5 --help',
      args: ['case', 'submit', 'type-5', '--help'],
      base: ['case', 'submit', 'application-issue', '--help'],
    },
    { name: 'TAB: case submit --f', args: ['__complete', 'case', 'submit', '--f'] },
    {
      name: 'TAB: case submit --f-5x-10 <value>',
      args: ['__complete', 'case', 'submit', '--f-5x-10', ''],
      base: ['__complete', 'case', 'submit', '--priority', ''],
    },
  ];
  const results = [];
  for (const c of COMMANDS) {
    const a = [];
    const b = [];
    for (let k = 0; k < runs; k++) {
      b.push(run(c.base ?? c.args, bundled));
      a.push(run(c.args, huge));
    }
    results.push({
      name: c.name,
      hugeMs: median(a.map((x) => x.ms)),
      baseMs: median(b.map((x) => x.ms)),
      rssMb: Math.max(...a.map((x) => x.rssMb)),
      lines: a[0].lines,
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return results;
}

export function printSubmitHelp(results, n = runs) {
  console.log(
    `case submit's help and completion over 100 types x 200 fields (median of ${n}; the same command over the bundled catalog is the baseline)`,
  );
  for (const r of results)
    console.log(
      `  ${r.name.padEnd(34)} ${fmt(r.hugeMs / r.baseMs, 2)}x  (${fmt(r.hugeMs)} ms against ${fmt(r.baseMs)} ms; peak RSS ${fmt(r.rssMb, 1)} MiB; ${r.lines} lines)`,
    );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printSubmitHelp(await submitHelp());
