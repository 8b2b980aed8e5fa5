/**
 * The undici dispatcher every portal request goes through: explicit connect timeout, keep-alive,
 * proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (Node 20's fetch ignores them), and extra CA
 * certificates for districts behind TLS-inspecting proxies.
 */
import v8 from 'node:v8';
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { FileProblemError } from '../errors.js';
import { readFileBoundedSync, type ReadLimit } from '../io/bounded-read.js';
import { changeV8Flags } from '../io/v8-flags.js';
import { MAX_HEADER_BYTES } from './errors.js';

export interface DispatcherOptions {
  env: NodeJS.ProcessEnv;
  /** A PEM file of extra CA certificates and where it was given (for messages). */
  caFile?: { path: string; source: string } | undefined;
  connectTimeoutMs: number;
}

/** A CA file is a few KiB; a whole bundle of public roots about 200 KiB. */
export const CA_FILE_LIMIT: ReadLimit = {
  bytes: 1024 * 1024,
  what: 'a CA certificate file',
  hint: "Give the PEM file of your district's CA certificate alone, not a whole certificate store.",
};

function readPem(path: string, source: string): string {
  let text: string;
  try {
    text = readFileBoundedSync(path, CA_FILE_LIMIT).toString('utf8');
  } catch (e) {
    // Too large, or not a regular file: said with where the path came from.
    if (e instanceof FileProblemError) {
      const problem = e.message.slice(path.length + 2);
      throw new FileProblemError(
        path,
        `the CA certificate file given by ${source} ${problem.startsWith('is ') ? problem : `is ${problem}`}`,
        e.hint,
      );
    }
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a folder'
            : (e as Error).message;
    throw new FileProblemError(
      path,
      `cannot read the CA certificate file given by ${source}: ${why}`,
      `Give the PEM file of your district's CA certificate with ${source}.`,
    );
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new FileProblemError(
      path,
      `the file given by ${source} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")`,
      'Export the CA certificate as PEM (Base-64) and give that file.',
    );
  }
  return text;
}

/**
 * The CA list to pass, or undefined for Node's default. Passing `ca` replaces Node's list, and
 * NODE_EXTRA_CA_CERTS is then ignored: so both are added to the bundled roots here.
 */
export function caList(o: Pick<DispatcherOptions, 'env' | 'caFile'>): string[] | undefined {
  if (!o.caFile) return undefined;
  const list = [...rootCertificates];
  const extraEnv = o.env.NODE_EXTRA_CA_CERTS;
  if (extraEnv) {
    try {
      list.push(readFileBoundedSync(extraEnv, CA_FILE_LIMIT).toString('utf8'));
    } catch {
      // Node itself warned about an unreadable NODE_EXTRA_CA_CERTS at start-up; one over the cap is left out too.
    }
  }
  list.push(readPem(o.caFile.path, o.caFile.source));
  return list;
}

export function proxySettings(env: NodeJS.ProcessEnv): { httpProxy: string; httpsProxy: string; noProxy: string } {
  const pick = (name: string) => env[name.toLowerCase()] ?? env[name] ?? '';
  return { httpProxy: pick('HTTP_PROXY'), httpsProxy: pick('HTTPS_PROXY'), noProxy: pick('NO_PROXY') };
}

/** Whether NO_PROXY exempts a host ("*", exact names, ".suffix" or "suffix" domains, host:port). */
function exempt(noProxy: string, url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((raw) => {
      const entry = raw.toLowerCase();
      if (entry === '*') return true;
      const [name, port] = entry.split(/:(?=\d+$)/);
      if (port && port !== (url.port || (url.protocol === 'https:' ? '443' : '80'))) return false;
      const bare = name!.replace(/^\*?\./, '');
      return host === bare || host.endsWith(`.${bare}`);
    });
}

/**
 * The proxy a URL is reached through, as the dispatcher picks it (HTTPS_PROXY for https, else
 * HTTP_PROXY; NO_PROXY exempts), with its credentials kept: callers redact before showing it.
 */
export function proxyFor(env: NodeJS.ProcessEnv, url: URL): string | undefined {
  const p = proxySettings(env);
  const proxy = url.protocol === 'https:' ? p.httpsProxy || p.httpProxy : p.httpProxy;
  if (!proxy || exempt(p.noProxy, url)) return undefined;
  return proxy;
}

/**
 * undici parses HTTP with a WebAssembly build of llhttp, which V8 optimizes again in background
 * threads; a process that ends soon after its requests then waits for that compilation before it
 * exits (measured: ~200 ms at the end of every command that talked to the portal). The baseline
 * compiler alone is plenty for parsing response headers; set before the first request compiles it.
 */
let wasmTuned = false;
function baselineWasmOnly(): void {
  if (wasmTuned) return;
  wasmTuned = true;
  changeV8Flags(v8, '--liftoff-only');
}

export function createDispatcher(o: DispatcherOptions): Dispatcher {
  baselineWasmOnly();
  const ca = caList(o);
  const tlsOpts = ca ? { ca } : {};
  const connect = { timeout: o.connectTimeoutMs, ...tlsOpts };
  const proxy = proxySettings(o.env);
  // The cap on a response's headers is ours, not a default read from node:http (which the build
  // does not load for undici: scripts/bundle/undici-http.cjs). The portal's headers are a few KiB.
  const common = { connect, keepAliveTimeout: 10_000, connections: 8, maxHeaderSize: MAX_HEADER_BYTES };
  if (!proxy.httpProxy && !proxy.httpsProxy) return new Agent(common);
  // Empty strings (not undefined) so undici does not fall back to process.env behind our back.
  return new EnvHttpProxyAgent({
    ...common,
    ...proxy,
    requestTls: { timeout: o.connectTimeoutMs, ...tlsOpts },
    proxyTls: { timeout: o.connectTimeoutMs, ...tlsOpts },
  });
}
