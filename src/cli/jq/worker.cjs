// The --jq worker: jq (jq-wasm's WebAssembly build of jq, its own glue) runs here, on its own
// thread, so that src/cli/jq/run-jq.ts can end a filter that runs too long (Worker.terminate stops
// WebAssembly mid-loop; nothing in the main thread could). Plain CommonJS, not TypeScript: Node
// runs this file as it is from the source tree (tests), and the build inlines it, bundled with
// jq-wasm's glue, as the code of an eval worker (dist/ and the single executable alike; see
// scripts/bundle/plugins.mjs jqWorker).
//
// jq-wasm's own wrapper is not used: it feeds jq's input a byte at a time through a copy of the
// rest (quadratic: a 1.8 MB case list took 560 s), collects the output the same way and returns
// it only at the end, and gives jq a stand-in environment (HOME=/home/web_user). Its glue is kept,
// and four of the WebAssembly module's imports (WASI's environ_get, environ_sizes_get, fd_read and
// fd_write, found by their names in the glue) are replaced when the module is instantiated: jq
// reads its input from a buffer, sees the real environment, and each output is posted to the main
// thread when jq writes it (jq runs with --unbuffered, so one write per result).
'use strict';
const { parentPort } = require('node:worker_threads');
const jqModule = require('jq-wasm/dist/build/jq.js');

/** Bytes posted and not yet written by the main thread, past which jq waits (a slow reader: `| less`). */
const IN_FLIGHT_MAX = 1 << 20;

/** The run in progress: its input, where it is, its environment, and its error text. */
let run;
let compiled;
/** The jq instance runs reuse (see below), and the environment it started with. */
let jq;
let jqEnv;

const u32 = (mem, at) => new DataView(mem.buffer).getUint32(at, true);
const setU32 = (mem, at, v) => new DataView(mem.buffer).setUint32(at, v, true);

function hook(imports, memory) {
  const a = imports.a;
  const byName = new Map(Object.entries(a).map(([k, f]) => [f.name, k]));
  const key = (name) => {
    const k = byName.get(name);
    if (k === undefined) throw new Error(`jq-wasm's glue has no ${name}: the worker needs the pinned jq-wasm`);
    return k;
  };
  const fdRead = a[key('_fd_read')];
  const fdWrite = a[key('_fd_write')];
  const iovecs = (iov, n) =>
    Array.from({ length: n }, (_, i) => [u32(memory(), iov + 8 * i), u32(memory(), iov + 8 * i + 4)]);
  a[key('_environ_sizes_get')] = (count, size) => {
    setU32(memory(), count, run.env.length);
    setU32(
      memory(),
      size,
      run.env.reduce((s, b) => s + b.length, 0),
    );
    return 0;
  };
  a[key('_environ_get')] = (environ, buf) => {
    let at = buf;
    run.env.forEach((b, i) => {
      setU32(memory(), environ + 4 * i, at);
      new Uint8Array(memory().buffer).set(b, at);
      at += b.length;
    });
    return 0;
  };
  // jq reads its input from standard input (no file is named): fd 0 is the run's buffer.
  a[key('_fd_read')] = (fd, iov, n, nread) => {
    if (fd !== 0) return fdRead(fd, iov, n, nread);
    let total = 0;
    for (const [at, len] of iovecs(iov, n)) {
      const k = Math.min(len, run.input.length - run.offset);
      new Uint8Array(memory().buffer).set(run.input.subarray(run.offset, run.offset + k), at);
      run.offset += k;
      total += k;
      if (k < len) break;
    }
    setU32(memory(), nread, total);
    return 0;
  };
  a[key('_fd_write')] = (fd, iov, n, nwritten) => {
    if (fd !== 1 && fd !== 2) return fdWrite(fd, iov, n, nwritten);
    let total = 0;
    for (const [at, len] of iovecs(iov, n)) {
      const bytes = new Uint8Array(memory().buffer, at, len);
      if (fd === 1) out(bytes);
      else if (run.err.length < 65536) run.err.push(Buffer.from(bytes));
      total += len;
    }
    setU32(memory(), nwritten, total);
    return 0;
  };
}

/** jq's output, posted a line at a time (jq writes a result and its newline apart). */
function out(bytes) {
  run.line += run.decoder.decode(bytes, { stream: true });
  const end = run.line.lastIndexOf('\n') + 1;
  if (end === 0 && run.line.length < 65536) return;
  post(end === 0 ? run.line.length : end);
}

function post(upTo) {
  const text = run.line.slice(0, upTo);
  run.line = run.line.slice(upTo);
  parentPort.postMessage({ type: 'out', text });
  Atomics.add(run.inFlight, 0, text.length);
  // Held here while the main thread is behind: what jq writes meanwhile waits in jq, not in memory.
  for (let now = Atomics.load(run.inFlight, 0); now > IN_FLIGHT_MAX; now = Atomics.load(run.inFlight, 0))
    Atomics.wait(run.inFlight, 0, now, 100);
}

/** A jq instance: the glue's setup around the module compiled once. */
async function instance() {
  let memory;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async (bytes, imports) => {
    // Only the glue's own call (Node may compile WebAssembly of its own meanwhile: its module lexer).
    if (!imports?.a || typeof imports.a !== 'object') return instantiate(bytes, imports);
    hook(imports, () => memory);
    compiled ??= bytes instanceof WebAssembly.Module ? bytes : await WebAssembly.compile(bytes);
    const made = await instantiate(compiled, imports);
    memory = Object.values(made.exports).find((e) => e instanceof WebAssembly.Memory);
    return { instance: made, module: compiled };
  };
  try {
    // jq-wasm's glue would print jq's exit through console.error: its stderr goes to run.err instead.
    return await jqModule({ printErr: () => undefined });
  } finally {
    WebAssembly.instantiate = instantiate;
  }
}

parentPort.on('message', async (m) => {
  try {
    // Set first: jq's start-up code reads the environment as the instance is made.
    run = {
      input: Buffer.from(m.input),
      offset: 0,
      env: Object.entries(m.env).map(([k, v]) => Buffer.from(`${k}=${v}\0`)),
      err: [],
      decoder: new TextDecoder(),
      line: '',
      inFlight: m.inFlight,
    };
    // One instance serves run after run (case watch, a batch: one filter per line), as jq-wasm
    // itself does; a fresh one after a run that failed (jq left through exit()), or for another
    // environment (jq's C library reads it once, as the instance starts).
    const envKey = JSON.stringify(m.env);
    if (jqEnv !== envKey) jq = undefined;
    jq ??= await instance();
    jqEnv = envKey;
    parentPort.postMessage({ type: 'started' });
    const code = jq.callMain(['-M', '--unbuffered', ...m.flags, m.expression]);
    run.line += run.decoder.decode();
    if (run.line) post(run.line.length);
    if (code !== 0) jq = undefined;
    parentPort.postMessage({ type: 'end', code, stderr: Buffer.concat(run.err).toString('utf8') });
  } catch (e) {
    jq = undefined;
    parentPort.postMessage({ type: 'end', code: -1, stderr: String(e?.stack ?? e) });
  }
});
