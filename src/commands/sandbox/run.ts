/** `ic-support sandbox`: runs the sandbox portal in the foreground until Ctrl-C or SIGTERM. */
import type { CommandRun } from '../../cli/context.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import { sandboxDataDir } from './paths.js';
import { printJsonLine } from '../../cli/json-output.js';
import type { SandboxOptions } from './options.js';
import { setVariable } from '../../text/shell-commands.js';

function whole(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

export const run: CommandRun<SandboxOptions> = async (ctx, _args, opts) => {
  const port = whole(opts.port, '--port', 0, 65535);
  const statusPort = opts.statusPort === undefined ? undefined : whole(opts.statusPort, '--status-port', 0, 65535);
  const tokenTtlSeconds = whole(opts.tokenTtl, '--token-ttl', 1, 365 * 86400);
  const seedCases = opts.seedCases === undefined ? undefined : whole(opts.seedCases, '--seed-cases', 0, 1_000_000);
  const requestsPerMinute = whole(opts.rateLimit, '--rate-limit', 1, 1_000_000);
  const dataDir = sandboxDataDir(ctx.env, opts.dataDir, ctx.cwd);

  const { startSandbox } = await import('../../sandbox/index.js');
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({
      port,
      host: opts.host,
      dataDir,
      reset: Boolean(opts.reset),
      tokenTtlSeconds,
      requestsPerMinute,
      ...(statusPort !== undefined ? { statusPort } : {}),
      ...(seedCases !== undefined ? { seedCases } : {}),
      log: (line) => ctx.debug(line),
    });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`The sandbox could not start: ${(e as Error).message}`, ExitCode.unavailable);
  }

  if (opts.json) {
    await printJsonLine(
      ctx,
      {
        url: sandbox.url,
        statusUrl: sandbox.statusUrl,
        adminKey: sandbox.adminKey,
        dataDir: sandbox.dataDir,
        demo: sandbox.demo,
        pid: process.pid,
      },
      opts,
    );
  } else {
    ctx.io.out(
      [
        `The ic-support sandbox portal is running${opts.reset ? ' (fresh from the seed)' : ''}.`,
        `  Portal URL:     ${sandbox.url}`,
        `  Status URL:     ${sandbox.statusUrl}`,
        `  Demo sign-in:   ${sandbox.demo.email} / ${sandbox.demo.password}`,
        `                  (Zack Morris (TESTING), Authorized Contact of Bayside School (TESTING) and Valley High School (TESTING))`,
        `  Other contacts: screech.powers@bayside.example (Technical), lisa.turtle@bayside.example (Read Only),`,
        `                  tori.scott@valley.example (Authorized, Valley only): same password;`,
        `                  kelly.kapowski@bayside.example is not activated yet (ic-support sandbox mailbox shows the token).`,
        `  Admin key:      ${sandbox.adminKey}  (X-Sandbox-Admin; stored in ${dataDir}/admin-key)`,
        `  Data directory: ${sandbox.dataDir}`,
        '',
        `Use it: ${setVariable('IC_SUPPORT_PORTAL_URL', sandbox.url)}`,
        'Act as the vendor: ic-support sandbox comment|resolve|notify|mailbox|faults (see --help).',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  }

  await new Promise<void>((resolve) => {
    const stop = ctx.onInterrupt(() => {
      stop();
      resolve();
    });
  });
  await sandbox.close();
  ctx.io.err('Sandbox stopped; its data is kept (start it again, or --reset to start fresh).\n');
  return ExitCode.ok;
};
