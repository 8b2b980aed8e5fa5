import { Option, type Command } from '@commander-js/extra-typings';
import type { OptionsOf } from '../../cli/command-tree.js';
import { examples } from '../../cli/help.js';
import { jqOption, jsonOption } from '../../cli/json-flags.js';

/** `ic-support sandbox`: the flags of the sandbox run in the foreground (./run.ts). */
export const declareSandbox = (s: Command) =>
  s
    .option('--port <port>', 'port to listen on; 0 picks a free one', '4780')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--status-port <port>', 'also serve the status API (notifications) on its own port; 0 picks a free one')
    .option('--data-dir <dir>', 'where the database, attachments and admin key live (default: <state dir>/sandbox)')
    .option('--reset', 'delete the sandbox data and start again from the seed')
    .addOption(new Option('--token-ttl <seconds>', 'lifetime of sign-in tokens').default('28800'))
    .option('--seed-cases <n>', 'hold at least N extra bulk cases (listing benchmarks)')
    .addOption(
      new Option('--rate-limit <n>', 'requests a minute per caller before 429 (its RateLimit-Policy)').default('1200'),
    )
    .addOption(
      jsonOption('the URLs, admin key and demo sign-in (one line)', [
        'url',
        'statusUrl',
        'adminKey',
        'dataDir',
        'demo',
        'pid',
      ]),
    )
    .addOption(jqOption())
    .addHelpText(
      'after',
      `${examples('ic-support sandbox', 'ic-support sandbox --port 0 --data-dir ./.sandbox --reset', 'ic-support sandbox comment 00001002 --body "Could you send a screenshot?"')}
The sandbox is seeded from the Support Portal guide: Bayside School (TESTING), Zack Morris (TESTING),
the grade-book case, the DigiCert incident and an upcoming maintenance window. It prints the demo
sign-in when it starts. Stop it with Ctrl-C. Admin sub-commands talk to a running sandbox.
`,
    );

export type SandboxOptions = OptionsOf<typeof declareSandbox>;
