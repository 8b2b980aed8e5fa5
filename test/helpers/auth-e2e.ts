/**
 * For the auth/config end-to-end tests: runs the built CLI with a given state folder, records
 * every byte it printed, and checks at the end that no token or password of the run appears in
 * any of it. Also drives the CLI through a real pseudo-terminal for the interactive prompts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn as ptySpawn } from '@lydell/node-pty';
import { BIN, ROOT, baseEnv, runCli, type CliOptions, type CliResult } from './cli.js';

export class Transcript {
  readonly outputs: string[] = [];
  readonly secrets = new Set<string>();

  async run(args: string[], configDir: string, opts: Omit<CliOptions, 'env'> & { env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
    const r = await runCli(args, { ...opts, env: { ...baseEnv(configDir), ...(opts.env ?? {}) } });
    this.outputs.push(`$ ic-support ${args.join(' ')}\n${r.stdout}${r.stderr}`);
    return r;
  }

  /** Remembers the tokens stored in a state folder, so that the final check looks for them. */
  harvest(configDir: string): void {
    try {
      const creds = JSON.parse(readFileSync(join(configDir, 'credentials.json'), 'utf8')) as { profiles: Record<string, { token: string }> };
      for (const c of Object.values(creds.profiles)) this.secrets.add(c.token);
    } catch {
      // No credentials file: nothing to remember.
    }
  }

  /** The secrets of the run that appear in any output (should be none). */
  leaks(): string[] {
    const all = this.outputs.join('\n');
    return [...this.secrets].filter((s) => s.length >= 6 && all.includes(s));
  }
}

export interface PtySession {
  output(): string;
  /** Waits until the screen shows text matching the pattern (after the given offset). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  write(text: string): void;
  exit: Promise<number>;
}

export function runInPty(args: string[], env: Record<string, string>): PtySession {
  const p = ptySpawn(process.execPath, [BIN, ...args], { cols: 100, rows: 30, cwd: ROOT, env, name: 'xterm' });
  let out = '';
  p.onData((d) => (out += d));
  const exit = new Promise<number>((resolve) => p.onExit((e) => resolve(e.exitCode)));
  return {
    output: () => out,
    write: (t) => p.write(t),
    exit,
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
          if (pattern.test(out)) return resolve();
          if (Date.now() - started > timeoutMs) return reject(new Error(`pty: no ${pattern} in ${timeoutMs} ms; screen so far:\n${out}`));
          setTimeout(tick, 25);
        };
        tick();
      });
    },
  };
}
