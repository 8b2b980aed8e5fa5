/**
 * Runs the CLI as a user would, with its own state folder, no terminal, and an environment
 * stripped of anything from the developer's machine that could change the outcome. Two tiers:
 *
 * - `runCli`: in this process, through the entry function of the sources (src/cli/run.ts), with
 *   its own streams, environment and working folder: nothing of this process leaks in, and editing
 *   src/ is tested at once (no build). Most end-to-end tests use it.
 * - `spawnCli`: the built CLI (bin/ic-support.cjs -> dist/) in a child process, for what needs a
 *   real process: signals, exit of the process, EPIPE, start-up, the bundle.
 */
import { jsonTimes } from '../../src/cli/json-output.js';
import { afterAll, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearLine, cursorTo, moveCursor } from 'node:readline';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Services } from '../../src/cli/context.js';

export const BIN = fileURLToPath(new URL('../../bin/ic-support.cjs', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The Node that runs the built CLI in child processes: this one, or IC_SUPPORT_TEST_NODE (the
 * platform tier, scripts/platform-tier.mjs, runs spawning tests with another Node line's binary).
 */
export const TEST_NODE = process.env.IC_SUPPORT_TEST_NODE || process.execPath;

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

/** The environment every test run starts from: no color, no CI flag, no token from outside. */
/**
 * `ic-support` as an installed user has it on PATH: a folder `bin` under `dir` with a script that
 * runs the built CLI. Returns PATH with that folder first (of `path`, the PATH it goes in front of).
 */
export function installedOnPath(dir: string, path = process.env.PATH ?? ''): string {
  const binDir = join(dir, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'ic-support'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(binDir, 'ic-support'), 0o755);
  return `${binDir}:${path}`;
}

export function baseEnv(configDir: string): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  env.IC_SUPPORT_CONFIG_DIR = configDir;
  env.NO_COLOR = '1';
  return env;
}

export interface InProcessOptions extends CliOptions {
  /**
   * Replacements for the CLI's services (a fake interrupt …). By default an in-process run never
   * waits: its sleep (retry backoff, Retry-After, the pause of --watch) returns on the next turn
   * of the event loop, so no test spends seconds waiting; a test may pass its own (to record the delays asked for).
   */
  services?: Services;
  /**
   * Pretend terminals of this width for stdin, stdout and stderr (isTTY, columns), as a person at
   * a terminal has: spinners, color and the editor decide as they do there. Not a real terminal:
   * what needs one (raw keys, the process's own TTY detection) stays in the pty tests.
   */
  terminal?: { columns: number };
  /** Called after each write to stdout or stderr (a test waiting for output without polling). */
  onOutput?: () => void;
}

const noWait = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The environment as given: a key set to undefined is left out, as for a child process. */
function cleanEnv(given: Record<string, string | undefined> | undefined): Record<string, string> {
  const env = { ...(given ?? {}) } as Record<string, string>;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** A token given to the CLI never comes back out: every run of the whole suite checks it. */
function leakedToken(env: Record<string, string>, r: CliResult): boolean {
  const token = env.IC_SUPPORT_TOKEN;
  return Boolean(token && token.length >= 8 && (r.stdout.includes(token) || r.stderr.includes(token)));
}

/**
 * A stream that keeps what is written to it, synchronously, as a pipe would deliver it; with
 * `columns`, it says it is a terminal of that width.
 */
function sink(onWrite?: () => void, columns?: number): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      text += chunk.toString();
      done();
      onWrite?.();
    },
  });
  // What a terminal's stream has beyond a Writable (tty.WriteStream), as the spinner uses it.
  if (columns !== undefined)
    Object.assign(stream, {
      isTTY: true,
      columns,
      cursorTo: (x: number, y?: number, cb?: () => void) => cursorTo(stream, x, y, cb),
      moveCursor: (dx: number, dy: number, cb?: () => void) => moveCursor(stream, dx, dy, cb),
      clearLine: (dir: -1 | 0 | 1, cb?: () => void) => clearLine(stream, dir, cb),
    });
  return { stream, text: () => text };
}

/** An in-process run under way: what it printed so far, and its result when it ends. */
export interface CliRun {
  stdout(): string;
  stderr(): string;
  done: Promise<CliResult>;
}

/**
 * Starts the CLI in this process: `run(argv, …)` of src/cli/run.ts with pipes for stdin, stdout
 * and stderr (not terminals), the given environment and working folder. Same result as `spawnCli`.
 */
export function startCli(args: string[], opts: InProcessOptions = {}): CliRun {
  const env = cleanEnv(opts.env);
  const stdin = new PassThrough();
  const columns = opts.terminal?.columns;
  if (columns !== undefined) Object.assign(stdin, { isTTY: true });
  const out = sink(opts.onOutput, columns);
  const err = sink(opts.onOutput, columns);
  if (!opts.holdStdinOpen) stdin.end(opts.input);
  const running = (async () => {
    const { run } = await import('../../src/cli/run.js');
    return run(args, {
      version: VERSION,
      env,
      cwd: opts.cwd ?? ROOT,
      streams: { stdin, stdout: out.stream, stderr: err.stream },
      services: { sleep: noWait, ...opts.services },
      helpOut: (t) => void out.stream.write(t),
      errorOut: (t) => void err.stream.write(t),
      helpTerminal: { columns: columns ?? 80, colorOut: false, colorErr: false },
      ...(columns !== undefined ? { terminalWidths: { out: columns, err: columns } } : {}),
    });
  })();
  const done = (async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `ic-support ${args.join(' ')} did not finish in ${timeoutMs} ms\nstdout: ${out.text()}\nstderr: ${err.text()}`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      const code = await Promise.race([running, late]);
      const r = { code, stdout: out.text(), stderr: err.text() };
      if (leakedToken(env, r)) throw new Error(`ic-support ${args.join(' ')} printed its token (IC_SUPPORT_TOKEN)`);
      return r;
    } finally {
      clearTimeout(timer);
      stdin.destroy();
    }
  })();
  return { stdout: out.text, stderr: err.text, done };
}

/** Runs the CLI in this process (see startCli) and resolves when it ends. */
export function runCli(args: string[], opts: InProcessOptions = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}

/** Runs the built CLI (bin/ic-support.cjs) as a child process: for what needs a real process. */
export function spawnCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = cleanEnv(opts.env);
    const child = spawn(TEST_NODE, [BIN, ...args], {
      env,
      cwd: opts.cwd ?? ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `ic-support ${args.join(' ')} did not finish in ${opts.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const r = { code: code ?? -1, stdout, stderr };
      if (leakedToken(env, r)) {
        reject(new Error(`ic-support ${args.join(' ')} printed its token (IC_SUPPORT_TOKEN)`));
        return;
      }
      resolve(r);
    });
    if (opts.holdStdinOpen) return;
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/** A child process of the built bundle that runs command lines one after another (useBundledCli). */
const BUNDLED_DRIVER = fileURLToPath(new URL('./bundled-cli.mjs', import.meta.url));

/**
 * For a test file: the built bundle (dist/cli.js) in ONE child process, started before its tests,
 * that runs each command line given to `run` with the bundle's own entry function, its own
 * streams, environment and folder: the bundle's chunks load as the executable loads them, without
 * a Node start-up per command. Same result and token check as runCli.
 */
export function useBundledCli(): { run: (args: string[], opts?: CliOptions) => Promise<CliResult> } {
  let child: ReturnType<typeof spawn> | undefined;
  let buffered = '';
  const waiting = new Map<number, (r: CliResult | Error) => void>();
  let next = 0;
  beforeAll(() => {
    child = spawn(TEST_NODE, [BUNDLED_DRIVER, join(ROOT, 'dist', 'cli.js'), VERSION], {
      cwd: ROOT,
      env: baseEnv(tmpdir()),
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const m = /^RESULT (\d+) (.*)$/.exec(line);
        if (!m) {
          // Anything else on the driver's stdout was written around our streams: a bug to see.
          for (const done of waiting.values()) done(new Error(`the bundle wrote to the process's stdout: ${line}`));
          waiting.clear();
          continue;
        }
        const done = waiting.get(Number(m[1]));
        waiting.delete(Number(m[1]));
        const r = JSON.parse(m[2]!) as CliResult & { error?: string };
        done?.(r.error ? new Error(r.error) : r);
      }
    });
  });
  afterAll(() => {
    child?.stdin!.end();
  });
  return {
    run(args, opts = {}) {
      const env = cleanEnv(opts.env);
      const id = next++;
      return new Promise<CliResult>((resolve, reject) => {
        waiting.set(id, (r) => {
          if (r instanceof Error) return reject(r);
          if (leakedToken(env, r))
            return reject(new Error(`ic-support ${args.join(' ')} printed its token (IC_SUPPORT_TOKEN)`));
          resolve(r);
        });
        const input = opts.input === undefined ? undefined : Buffer.from(opts.input).toString('base64');
        child!.stdin!.write(`${JSON.stringify({ id, args, env, cwd: opts.cwd ?? ROOT, input })}\n`);
      });
    },
  };
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

/** A portal answer as --json prints it: its times to the second, as jq's fromdate reads them (issue 26 §19). */
export function asPrinted<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, jsonTimes)) as T;
}
