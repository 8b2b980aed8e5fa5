#!/usr/bin/env node
// The executable. `--version` is answered here without loading anything else (start-up matters
// for scripts and for shell completion); everything else goes to the built CLI in dist/.
import { readFileSync } from 'node:fs';

const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${version}\n`);
} else {
  const { main } = await import('../dist/cli.js');
  await main(args, version);
}
