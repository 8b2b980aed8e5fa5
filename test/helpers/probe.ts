/**
 * Runs the built CLI against something hostile with caps, so that a regression fails the test
 * instead of harming the machine: a time limit (killed after it), a memory limit (its resident
 * memory is read from /proc while it runs and it is killed above the limit; not `ulimit -v`,
 * which breaks undici's WebAssembly), and a file-size limit (`ulimit -f`). The peak resident
 * memory (VmHWM) is reported.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BIN, ROOT, TEST_NODE } from './cli.js';

export interface ProbeResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the child, in MiB, as last read from /proc/PID/status (VmHWM). */
  peakMiB: number;
  /** Why it was killed, when it was. */
  killed?: 'time' | 'memory';
  ms: number;
}

export interface ProbeOptions {
  env: Record<string, string>;
  timeoutMs?: number;
  maxRssMiB?: number;
  /** Largest file it may write, in MiB. */
  maxFileMiB?: number;
  cwd?: string;
}

/** Peak and current resident memory of a process, in MiB (0 when it is gone). */
export function memoryOf(pid: number): { hwm: number; rss: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0);
    return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
  } catch {
    return { hwm: 0, rss: 0 };
  }
}

export function runProbe(args: string[], o: ProbeOptions): Promise<ProbeResult> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const maxRss = o.maxRssMiB ?? 400;
  const blocks = Math.ceil(((o.maxFileMiB ?? 64) * 1024 * 1024) / 512);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // `exec` keeps one process: the PID polled is the CLI's own.
    const child = spawn('/bin/sh', ['-c', `ulimit -f ${blocks} && exec "$0" "$@"`, TEST_NODE, BIN, ...args], {
      env: o.env,
      cwd: o.cwd ?? ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let killed: ProbeResult['killed'];
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < 4 * 1024 * 1024) stdout += d.toString('latin1');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 1024 * 1024) stderr += d.toString('latin1');
    });
    const poll = setInterval(() => {
      const m = memoryOf(child.pid!);
      peak = Math.max(peak, m.hwm);
      if (m.rss > maxRss && !killed) {
        killed = 'memory';
        child.kill('SIGKILL');
      }
    }, 20);
    const timer = setTimeout(() => {
      killed ??= 'time';
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', () => {
      peak = Math.max(peak, memoryOf(child.pid!).hwm);
    });
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        peakMiB: Math.round(peak),
        ms: Date.now() - started,
        ...(killed ? { killed } : {}),
      });
    });
  });
}
