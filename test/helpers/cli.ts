/**
 * Runs the built CLI (bin/ic-support.cjs -> dist/) as a user would: a child process with its own
 * state directory, no terminal, and an environment stripped of anything from the developer's
 * machine that could change the outcome.
 */
import { afterAll, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/ic-support.cjs', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  /** Keep stdin open and never write to it (a CI runner's held-open pipe). */
  holdStdinOpen?: boolean;
  cwd?: string;
  timeoutMs?: number;
}

export function tempDir(prefix = 'ic-support-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** The environment every test run starts from: no colour, no CI flag, no token from outside. */
export function baseEnv(configDir: string): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  env.IC_SUPPORT_CONFIG_DIR = configDir;
  env.NO_COLOR = '1';
  return env;
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...(opts.env ?? {}) } as Record<string, string>;
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: opts.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ic-support ${args.join(' ')} did not finish in ${opts.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      // Every run of the whole suite checks it: a token given to the CLI never comes back out.
      const token = env.IC_SUPPORT_TOKEN;
      if (token && token.length >= 8 && (stdout.includes(token) || stderr.includes(token))) {
        reject(new Error(`ic-support ${args.join(' ')} printed its token (IC_SUPPORT_TOKEN)`));
        return;
      }
      resolve({ code: code ?? -1, stdout, stderr });
    });
    if (opts.holdStdinOpen) return;
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/**
 * For a test file: a temporary state folder made before its tests and removed after, and the base
 * environment pointing at it. Read `env` and `dir` inside tests (they are set in beforeAll).
 */
export function useStateDir(): { env: Record<string, string>; dir: string } {
  const state = { env: {} as Record<string, string>, dir: '' };
  let made: { path: string; cleanup: () => void } | undefined;
  beforeAll(() => {
    made = tempDir();
    state.dir = made.path;
    state.env = baseEnv(made.path);
  });
  afterAll(() => made?.cleanup());
  return state;
}
