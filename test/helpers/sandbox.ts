/**
 * Starts the sandbox portal on a free loopback port and talks to it over real HTTP. `startSandbox`
 * runs it in this process (src/sandbox, one per test file); `startSandboxProcess` runs the built
 * CLI's `ic-support sandbox --port 0 --json` as a child process, for the tests of that command. Every JSON response can be checked against
 * the OpenAPI contract (schemas/portal-api.yaml) with Ajv: `api.call()` does it by default.
 */
import { afterAll, beforeAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { BIN, baseEnv, ROOT, tempDir, TEST_NODE } from './cli.js';
import { startSandbox as startPortal } from '../../src/sandbox/index.js';

export const CONTRACT_FILE = fileURLToPath(new URL('../../schemas/portal-api.yaml', import.meta.url));
export const ADMIN_CONTRACT_FILE = fileURLToPath(new URL('../../schemas/sandbox-admin-api.yaml', import.meta.url));

export interface SandboxInfo {
  url: string;
  statusUrl: string;
  adminKey: string;
  dataDir: string;
  demo: { email: string; password: string };
  pid: number;
}

/** A running sandbox, in this process or a child process. */
export interface SandboxProcess extends SandboxInfo {
  /** What it printed: the --json line of where it listens (and, as a process, all its output). */
  stdout(): string;
  stderr(): string;
  /** Stops it: a child process gets the signal (SIGTERM by default); resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Removes the temporary data directory when the helper made it. */
  cleanup(): void;
}

export interface SpawnedSandbox extends SandboxProcess {
  child: ChildProcess;
}

export interface StartOptions {
  dataDir?: string;
  reset?: boolean;
  /** More command-line arguments: --token-ttl 1, --status-port 0, --seed-cases N … */
  args?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
  /** In this process only: the sandbox's clock (src/sandbox's `clock` option), so a test moves time on without waiting. */
  clock?: () => Date;
}

/** The value of a command-line flag of StartOptions.args (the in-process start reads the same flags). */
function flag(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v)) throw new Error(`${name} needs a whole number, not ${args[i + 1]}`);
  return v;
}

const KNOWN_FLAGS = ['--port', '--status-port', '--token-ttl', '--seed-cases', '--rate-limit'];

/**
 * Starts the sandbox portal in this process (what `ic-support sandbox` runs, without the command
 * around it): same ports, data folder and admin key, same HTTP. StartOptions.args takes the
 * command's --port, --status-port, --token-ttl and --seed-cases.
 */
export async function startSandbox(opts: StartOptions = {}): Promise<SandboxProcess> {
  const args = opts.args ?? [];
  for (let i = 0; i < args.length; i += 2)
    if (!KNOWN_FLAGS.includes(args[i]!))
      throw new Error(`startSandbox does not take ${args[i]}; use startSandboxProcess for the command's other flags`);
  const made = opts.dataDir ? undefined : tempDir('ic-support-sandbox-');
  const dataDir = opts.dataDir ?? made!.path;
  const port = flag(args, '--port');
  const statusPort = flag(args, '--status-port');
  const tokenTtlSeconds = flag(args, '--token-ttl');
  const seedCases = flag(args, '--seed-cases');
  const requestsPerMinute = flag(args, '--rate-limit');
  const sb = await startPortal({
    dataDir,
    port: port ?? 0,
    reset: Boolean(opts.reset),
    ...(statusPort !== undefined ? { statusPort } : {}),
    ...(tokenTtlSeconds !== undefined ? { tokenTtlSeconds } : {}),
    ...(seedCases !== undefined ? { seedCases } : {}),
    // The request quota (1,200 a minute) is lifted unless a test sets one: a suite of 500
    // submissions under faults measures the client, not that limit (rate-limits.test.ts does).
    requestsPerMinute: requestsPerMinute ?? 1_000_000,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const info: SandboxInfo = {
    url: sb.url,
    statusUrl: sb.statusUrl,
    adminKey: sb.adminKey,
    dataDir: sb.dataDir,
    demo: sb.demo,
    pid: process.pid,
  };
  const line = `${JSON.stringify(info)}\n`;
  let stopped: Promise<number | null> | undefined;
  return {
    ...info,
    stdout: () => line,
    stderr: () => '',
    stop() {
      stopped ??= sb.close().then(() => 0);
      return stopped;
    },
    cleanup() {
      made?.cleanup();
    },
  };
}

/** Starts `ic-support sandbox` as a child process and waits for the line that says where it listens. */
export async function startSandboxProcess(opts: StartOptions = {}): Promise<SpawnedSandbox> {
  const made = opts.dataDir ? undefined : tempDir('ic-support-sandbox-');
  const dataDir = opts.dataDir ?? made!.path;
  const args = [
    BIN,
    'sandbox',
    '--port',
    '0',
    '--json',
    '--data-dir',
    dataDir,
    ...(opts.reset ? ['--reset'] : []),
    ...(opts.args ?? []),
  ];
  const child = spawn(TEST_NODE, args, {
    cwd: ROOT,
    env: { ...baseEnv(dataDir), ...(opts.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const info = await new Promise<SandboxInfo>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the sandbox did not start in ${opts.timeoutMs ?? 20_000} ms\nstdout: ${out}\nstderr: ${err}`));
    }, opts.timeoutMs ?? 20_000);
    const onData = (): void => {
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      try {
        resolve(JSON.parse(out.slice(0, nl)) as SandboxInfo);
      } catch {
        reject(new Error(`unexpected first line from the sandbox: ${out}`));
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited with ${code} before it started\nstdout: ${out}\nstderr: ${err}`));
    });
  });

  let stopped: Promise<number | null> | undefined;
  return {
    ...info,
    child,
    stdout: () => out,
    stderr: () => err,
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!stopped) {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        stopped = exited.finally(() => clearTimeout(kill));
      }
      return stopped;
    },
    cleanup() {
      made?.cleanup();
    },
  };
}

// ----------------------------------------------------------------------------- the contract

type Json = Record<string, unknown>;
/** Response bodies as tests read them: loosely typed, because the contract check already ran. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = Record<string, any>;

export interface Contract {
  /** schemas/portal-api.yaml */
  doc: Json;
  /** schemas/sandbox-admin-api.yaml, which refers to the first for the shapes they share. */
  adminDoc: Json;
  /** The operation's documented response schema for a status, or undefined when none is documented. */
  responseValidator(method: string, path: string, status: number): ValidateFunction | undefined | 'no-content';
  /** The path template of the contract that a concrete path matches. */
  template(path: string): string | undefined;
}

let contract: Contract | undefined;

const pointer = (parts: string[]): string =>
  parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/** The two documents, by the name each is known by to Ajv (and to the other's `$ref`s). */
const PORTAL = 'portal-api.yaml';
const ADMIN = 'sandbox-admin-api.yaml';

export function loadContract(): Contract {
  if (contract) return contract;
  const docs: Record<string, Json> = {
    [PORTAL]: parse(readFileSync(CONTRACT_FILE, 'utf8')) as Json,
    [ADMIN]: parse(readFileSync(ADMIN_CONTRACT_FILE, 'utf8')) as Json,
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
  addFormats(ajv);
  for (const [name, d] of Object.entries(docs)) ajv.addSchema(d, name);
  const templates = Object.entries(docs).flatMap(([file, d]) =>
    Object.keys(d.paths as Json).map((t) => ({
      t,
      file,
      re: new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    })),
  );
  // Literal paths first (/sandbox/v1/cases/count is not a case number).
  templates.sort((a, b) => (a.t.match(/\{/g)?.length ?? 0) - (b.t.match(/\{/g)?.length ?? 0));
  const cache = new Map<string, ValidateFunction | 'no-content' | undefined>();
  /** Follows a `$ref` (local, or into the other document): the object, its document and its place there. */
  const resolveRef = (obj: Json, file: string, at: string[]): [Json, string, string[]] => {
    if (typeof obj.$ref !== 'string') return [obj, file, at];
    const [target, fragment] = obj.$ref.split('#') as [string, string];
    const into = target || file;
    const parts = fragment
      .replace(/^\//, '')
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let cur: unknown = docs[into];
    for (const p of parts) cur = (cur as Json)[p];
    return resolveRef(cur as Json, into, parts);
  };
  const find = (path: string) => templates.find((x) => x.re.test(path));
  contract = {
    doc: docs[PORTAL]!,
    adminDoc: docs[ADMIN]!,
    template: (path) => find(path)?.t,
    responseValidator(method, path, status) {
      const hit = find(path);
      if (!hit) return undefined;
      const { t, file } = hit;
      const key = `${method} ${t} ${status}`;
      if (cache.has(key)) return cache.get(key);
      const op = ((docs[file]!.paths as Json)[t] as Json)[method.toLowerCase()] as Json | undefined;
      const responses = (op?.responses ?? {}) as Record<string, Json>;
      const code = String(status);
      const name =
        code in responses
          ? code
          : `${code[0]}XX` in responses
            ? `${code[0]}XX`
            : 'default' in responses
              ? 'default'
              : undefined;
      let result: ValidateFunction | 'no-content' | undefined;
      if (name) {
        const [resp, at, where] = resolveRef(responses[name]!, file, [
          'paths',
          t,
          method.toLowerCase(),
          'responses',
          name,
        ]);
        const content = resp.content as Record<string, Json> | undefined;
        const json = Object.keys(content ?? {}).find((type) => /^application\/(?:[\w.-]+\+)?json$/.test(type));
        result = json
          ? ajv.compile({ $ref: `${at}#/${pointer([...where, 'content', json, 'schema'])}` })
          : 'no-content';
      }
      cache.set(key, result);
      return result;
    },
  };
  return contract;
}

// ----------------------------------------------------------------------------- a small HTTP client

export interface ApiResponse<T = Body> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** Admin key for /sandbox/v1 (defaults to the sandbox's own). */
  admin?: boolean;
  /** Skip the contract check (for deliberately broken requests whose answers are still checked). */
  noContract?: boolean;
  base?: string;
}

export class ContractViolation extends Error {}

export function apiClient(sb: Pick<SandboxInfo, 'url' | 'adminKey'>) {
  const c = loadContract();
  async function call<T = Body>(method: string, path: string, opts: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.admin) headers['x-sandbox-admin'] = sb.adminKey;
    let body: string | Buffer | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await request(`${opts.base ?? sb.url}${path}`, {
      method: method as 'GET',
      headers,
      body,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await res.body.text();
    const type = String(res.headers['content-type'] ?? '');
    const parsed =
      /^application\/(?:problem\+)?json/.test(type) && text ? (JSON.parse(text) as T) : (text as unknown as T);
    const out: ApiResponse<T> = { status: res.statusCode, headers: res.headers, body: parsed, text };
    if (!opts.noContract) {
      const v = c.responseValidator(method, path.split('?')[0]!, res.statusCode);
      if (v === undefined)
        throw new ContractViolation(
          `${method} ${path} answered ${res.statusCode}, which the contract does not document: ${text.slice(0, 300)}`,
        );
      if (v === 'no-content') {
        if (/json/.test(type) && res.statusCode !== 200)
          throw new ContractViolation(
            `${method} ${path} ${res.statusCode}: the contract documents no body, got ${text.slice(0, 200)}`,
          );
      } else if (!v(parsed)) {
        throw new ContractViolation(
          `${method} ${path} ${res.statusCode} does not match the contract: ${JSON.stringify(v.errors?.slice(0, 5))}\n${text.slice(0, 500)}`,
        );
      }
    }
    return out;
  }

  async function signIn(email: string, password: string): Promise<string> {
    const r = await call<{ token: string }>('POST', '/api/v1/sessions', { body: { email, password } });
    if (r.status !== 201) throw new Error(`sign-in as ${email} failed: ${r.status} ${r.text}`);
    return r.body.token;
  }

  return { call, signIn };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The seeded contacts (src/sandbox/seed.ts); activated ones sign in with the demo password. */
export const SEEDED = {
  zack: 'zack.morris@bayside.example',
  screech: 'screech.powers@bayside.example',
  lisa: 'lisa.turtle@bayside.example',
  kelly: 'kelly.kapowski@bayside.example',
  tori: 'tori.scott@valley.example',
} as const;

/** The environment of a CLI run signed in to the sandbox (by token, as CI would), with its own state folder. */
export async function signedInEnv(
  sb: Pick<SandboxInfo, 'url' | 'adminKey' | 'demo'>,
  stateDir: string,
  email: string = SEEDED.zack,
): Promise<{ env: Record<string, string>; token: string }> {
  const token = await apiClient(sb).signIn(email, sb.demo.password);
  return { token, env: { ...baseEnv(stateDir), IC_SUPPORT_PORTAL_URL: sb.url, IC_SUPPORT_TOKEN: token } };
}

export interface SandboxSession {
  sb: SandboxProcess;
  api: ApiClient;
  token: string;
  env: Record<string, string>;
  dir: string;
  /** The case as the portal stores it (GET /api/v1/cases/{number}, contract-checked). */
  stored(number: string): Promise<Body>;
}

/**
 * For a test file: a sandbox (in this process) started before its tests and stopped after, and a CLI
 * environment signed in to it as Zack Morris with its own state folder. Read the fields inside tests.
 */
export function useSandboxSession(opts: StartOptions = {}): SandboxSession {
  const session = {} as SandboxSession;
  let dir: { path: string; cleanup: () => void } | undefined;
  beforeAll(async () => {
    session.sb = await startSandbox(opts);
    session.api = apiClient(session.sb);
    dir = tempDir();
    session.dir = dir.path;
    const { env, token } = await signedInEnv(session.sb, dir.path);
    session.env = env;
    session.token = token;
    session.stored = async (number) => {
      const r = await session.api.call('GET', `/api/v1/cases/${number}`, { token });
      if (r.status !== 200) throw new Error(`GET case ${number}: ${r.status} ${r.text}`);
      return r.body;
    };
  });
  afterAll(async () => {
    await session.sb?.stop();
    session.sb?.cleanup();
    dir?.cleanup();
  });
  return session;
}
