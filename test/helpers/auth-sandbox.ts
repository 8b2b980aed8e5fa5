/**
 * Starts the built sandbox (dist/sandbox.js) as a child process on a free loopback port, for the
 * auth and config end-to-end tests, and talks to its admin API (/sandbox/v1: mailbox, faults).
 * (test/helpers/sandbox.ts, by the sandbox's author, may offer more; this one needs only this.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';

export interface SandboxProcess {
  url: string;
  statusUrl: string;
  adminKey: string;
  dataDir: string;
  demo: { email: string; password: string };
  /** Calls the admin API; returns the parsed JSON body (or undefined for 204). */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Calls the portal API directly (not through the CLI). */
  api<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

const SCRIPT = `
const { startSandbox } = await import(process.env.SANDBOX_MODULE);
const opts = JSON.parse(process.env.SANDBOX_OPTS);
const sb = await startSandbox(opts);
process.stdout.write(JSON.stringify({ url: sb.url, statusUrl: sb.statusUrl, adminKey: sb.adminKey, dataDir: sb.dataDir, demo: sb.demo }) + '\\n');
const stop = async () => { await sb.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
`;

export async function startSandboxProcess(opts: { tokenTtlSeconds?: number; statusPort?: number } = {}): Promise<SandboxProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ic-auth-sandbox-'));
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    env: { PATH: process.env.PATH, SANDBOX_MODULE: join(ROOT, 'dist', 'sandbox.js'), SANDBOX_OPTS: JSON.stringify({ port: 0, host: '127.0.0.1', dataDir, ...opts }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const info = await new Promise<Omit<SandboxProcess, 'admin' | 'api' | 'stop'>>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start in 30 s: ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(JSON.parse(out.slice(0, nl)) as Omit<SandboxProcess, 'admin' | 'api' | 'stop'>);
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${err}`)));
  });
  const call = async (base: string, method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(base + path, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return {
    ...info,
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const r = await call(info.url, method, `/sandbox/v1${path}`, { 'x-sandbox-admin': info.adminKey }, body);
      if (r.status >= 300) throw new Error(`admin ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as T;
    },
    async api<T>(method: string, path: string, body?: unknown, token?: string) {
      return (await call(info.url, method, path, token ? { authorization: `Bearer ${token}` } : {}, body)) as { status: number; body: T };
    },
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface MailMessage {
  id: string;
  to: string;
  kind: string;
  subject: string;
  body: string;
  token: string | null;
  createdAt: string;
}

/** The newest message to an address, from the sandbox's mailbox. */
export async function latestMail(sb: SandboxProcess, to: string): Promise<MailMessage> {
  const { messages } = await sb.admin<{ messages: MailMessage[] }>('GET', `/mailbox?to=${encodeURIComponent(to)}`);
  const last = messages[messages.length - 1];
  if (!last) throw new Error(`no mail to ${to}`);
  return last;
}
