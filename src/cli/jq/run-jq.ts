/**
 * --jq: jq 1.7.1 (jq-wasm 1.0.1, pinned) run in a worker thread (./worker.cjs), under a deadline,
 * its output written as jq produces it. Loaded only when --jq is given.
 */
import { Worker } from 'node:worker_threads';
import { UsageError } from '../../errors.js';
import { parseTimeoutSeconds } from '../../domain/limits.js';
import { jqWorkerSource } from './worker-source.js';

const DEFAULT_DEADLINE_MS = 5000;

export interface JqRun {
  /** The JSON text jq reads. */
  input: string;
  expression: string;
  /** One line per result (-c), as a stream of values prints them. */
  compact: boolean;
  /** What jq sees as $ENV and env: the process's environment. */
  env: NodeJS.ProcessEnv;
  /** Each piece of output, as jq writes it. */
  write: (text: string) => void;
  /** What jq says on stderr when it succeeds all the same (debug, stderr). */
  warn: (text: string) => void;
}

/** IC_SUPPORT_JQ_TIMEOUT: seconds a --jq filter may run (0.1-600, default 5). */
export function jqDeadlineMs(env: NodeJS.ProcessEnv): number {
  const raw = env.IC_SUPPORT_JQ_TIMEOUT;
  if (raw === undefined || raw === '') return DEFAULT_DEADLINE_MS;
  const r = parseTimeoutSeconds(raw);
  if (!r.ok)
    throw new UsageError(
      `IC_SUPPORT_JQ_TIMEOUT: ${r.message}`,
      `Set it to how long a --jq filter may run (default ${DEFAULT_DEADLINE_MS / 1000}), or unset it.`,
    );
  return r.ms;
}

type Message = { type: 'started' } | { type: 'out'; text: string } | { type: 'end'; code: number; stderr: string };

/**
 * The worker is kept between runs (case watch filters each event) and unreferenced while idle, so
 * it never holds the process open; a run past its deadline ends it, and the next run starts another.
 */
let idle: Worker | undefined;

function startWorker(): Worker {
  const source = jqWorkerSource();
  return 'code' in source ? new Worker(source.code, { eval: true }) : new Worker(source.path);
}

/** Runs jq once; resolves when it ends, rejects with a UsageError on a jq error or past the deadline. */
export function runJq(r: JqRun): Promise<void> {
  const deadlineMs = jqDeadlineMs(r.env);
  const worker = idle ?? startWorker();
  idle = undefined;
  worker.ref();
  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  const env = Object.fromEntries(Object.entries(r.env).filter((e): e is [string, string] => e[1] !== undefined));
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (e?: Error): void => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError);
      if (e) reject(e);
      else resolve();
    };
    const onMessage = (m: Message): void => {
      if (m.type === 'started') {
        timer = setTimeout(() => {
          void worker.terminate();
          finish(
            new UsageError(
              `--jq: the filter ran for ${deadlineMs / 1000} s and was stopped; what it printed until then is kept.`,
              'A filter that never ends (repeat, range over a huge count) is stopped; for a slow one, set IC_SUPPORT_JQ_TIMEOUT=SECONDS.',
            ),
          );
        }, deadlineMs);
      } else if (m.type === 'out') {
        r.write(m.text);
        Atomics.sub(inFlight, 0, m.text.length);
        Atomics.notify(inFlight, 0);
      } else {
        worker.unref();
        idle = worker;
        if (m.code === 0 || !m.stderr) {
          if (m.stderr) r.warn(m.stderr.endsWith('\n') ? m.stderr : `${m.stderr}\n`);
          return finish();
        }
        const msg = m.stderr.replace(/^jq: error(?: \(at [^)]*\))?:\s*/, '').trim();
        finish(
          new UsageError(`--jq: ${msg}`, 'Check the expression (jq 1.7 syntax: https://jqlang.org/manual/v1.7/).'),
        );
      }
    };
    const onError = (e: Error): void => finish(e);
    worker.on('message', onMessage).on('error', onError);
    worker.postMessage({
      input: r.input,
      expression: r.expression,
      flags: r.compact ? ['-r', '-c'] : ['-r'],
      env,
      inFlight,
    });
  });
}
