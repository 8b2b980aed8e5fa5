/**
 * For the auth/config end-to-end tests: runs the CLI (in-process; `spawned: true` for the built
 * CLI in a child process) with a given state folder, records
 * every byte it printed, and checks at the end that no token or password of the run appears in
 * any of it. (The pseudo-terminal driver is test/helpers/pty.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, runCli, spawnCli, type CliResult, type InProcessOptions } from './cli.js';

export class Transcript {
  readonly outputs: string[] = [];
  readonly secrets = new Set<string>();

  async run(
    args: string[],
    configDir: string,
    opts: Omit<InProcessOptions, 'env'> & { env?: Record<string, string | undefined>; spawned?: boolean } = {},
  ): Promise<CliResult> {
    const { spawned, ...rest } = opts;
    const r = await (spawned ? spawnCli : runCli)(args, {
      ...rest,
      env: { ...baseEnv(configDir), ...(opts.env ?? {}) },
    });
    this.outputs.push(`$ ic-support ${args.join(' ')}\n${r.stdout}${r.stderr}`);
    return r;
  }

  /** Remembers the tokens stored in a state folder, so that the final check looks for them. */
  harvest(configDir: string): void {
    try {
      const creds = JSON.parse(readFileSync(join(configDir, 'credentials.json'), 'utf8')) as {
        profiles: Record<string, { token: string }>;
      };
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
