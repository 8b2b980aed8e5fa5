/**
 * The in-process sandbox of test/helpers/sandbox.ts with two shortcuts the auth and config
 * tests use a lot: `admin(method, path)` under /sandbox/v1 and `api(method, path, body, token)`,
 * plus the mailbox. One way to start the sandbox for every test.
 */
import { apiClient, startSandbox as start, type SandboxProcess as Base } from './sandbox.js';

export interface SandboxProcess extends Omit<Base, 'stop'> {
  /** Calls the admin API; returns the parsed JSON body (or undefined for 204). */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Calls the portal API directly (not through the CLI), without the contract check. */
  api<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

export async function startSandbox(
  opts: { tokenTtlSeconds?: number; statusPort?: number } = {},
): Promise<SandboxProcess> {
  const args = [
    ...(opts.tokenTtlSeconds ? ['--token-ttl', String(opts.tokenTtlSeconds)] : []),
    ...(opts.statusPort !== undefined ? ['--status-port', String(opts.statusPort)] : []),
  ];
  const sb = await start({ args });
  const client = apiClient(sb);
  return {
    ...sb,
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const r = await client.call<T>(method, `/sandbox/v1${path}`, {
        admin: true,
        noContract: true,
        ...(body !== undefined ? { body } : {}),
      });
      if (r.status >= 300) throw new Error(`admin ${method} ${path}: ${r.status} ${r.text}`);
      return (r.text ? r.body : undefined) as T;
    },
    async api<T>(method: string, path: string, body?: unknown, token?: string) {
      const r = await client.call<T>(method, path, {
        noContract: true,
        ...(body !== undefined ? { body } : {}),
        ...(token ? { token } : {}),
      });
      return { status: r.status, body: (r.text ? r.body : undefined) as T };
    },
    async stop() {
      await sb.stop();
      sb.cleanup();
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
