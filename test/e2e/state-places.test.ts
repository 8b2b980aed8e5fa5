// A state folder of an older version (everything in the config folder) met by this one: the first
// command moves the sandbox's data and the caches to the data and cache folders, and finds them
// there; `config path --all` says where each part lives. (Every step of the move, stopped as by a
// kill -9: test/unit/state-paths.test.ts.)
import { PRACTICE_PORTAL_NOTE } from '../../src/cli/context.js';
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, spawnCli, tempDir } from '../helpers/cli.js';
import { outageArgs } from '../helpers/filed-case.js';

describe('the state of an older version', () => {
  it('is moved out of the config folder by the first command, and found in its new place', async () => {
    const home = tempDir();
    try {
      const config = join(home.path, '.config', 'ic-support');
      const env = { PATH: process.env.PATH!, HOME: home.path, NO_COLOR: '1' };
      // What an older version wrote: everything in the config folder (as IC_SUPPORT_CONFIG_DIR still does).
      const filed = await spawnCli(
        ['--sandbox', ...outageArgs('Campus unreachable for all users'), '--json', 'number'],
        { env: { ...env, IC_SUPPORT_CONFIG_DIR: config } },
      );
      expect(filed.code).toBe(0);
      const number = (JSON.parse(filed.stdout) as { number: string }).number;
      expect(readdirSync(config).sort()).toEqual(expect.arrayContaining(['cache', 'sandbox']));

      const where = await spawnCli(['config', 'path', '--all'], { env });
      expect(where.code).toBe(0);
      const data = join(home.path, '.local', 'state', 'ic-support');
      const cache = join(home.path, '.cache', 'ic-support');
      expect(where.stdout).toBe(
        [
          `config\t${config}`,
          `settings\t${join(config, 'config.json')}`,
          `credentials\t${join(config, 'credentials.json')}`,
          `data\t${data}`,
          `drafts\t${join(data, 'drafts')}`,
          `outbox\t${join(data, 'outbox')}`,
          `sandbox\t${join(data, 'sandbox')}`,
          `cache\t${cache}`,
          '',
        ].join('\n'),
      );
      expect(existsSync(join(config, 'sandbox'))).toBe(false);
      expect(existsSync(join(config, 'cache'))).toBe(false);
      expect(existsSync(join(data, 'sandbox', 'sandbox.db'))).toBe(true);

      const list = await spawnCli(['--sandbox', 'case', 'list', '--status', 'all', '--json', '--jq', '.[].number'], {
        env,
      });
      // Only the practice portal's note (issue 26 §14): nothing else on stderr.
      expect(list.stderr).toBe(`${PRACTICE_PORTAL_NOTE}\n`);
      expect(list.stdout.split('\n')).toContain(number);
    } finally {
      home.cleanup();
    }
  });
});

describe('a data folder that cannot be created', () => {
  it('is named with the fix (exit 2), as the config folder is', async () => {
    const home = tempDir();
    try {
      const file = join(home.path, 'a-file');
      writeFileSync(file, 'not a folder');
      const env = { PATH: process.env.PATH!, HOME: home.path, NO_COLOR: '1', XDG_STATE_HOME: join(file, 'state') };
      for (const args of [
        ['case', 'drafts'],
        ['outbox', 'list'],
      ]) {
        const r = await runCli(args, { env });
        expect(r.stderr).not.toContain('internal error');
        expect(r.stderr).toContain(
          `error: ${join(file, 'state', 'ic-support')}: the ic-support state folder cannot be created`,
        );
        expect(r.code).toBe(2);
      }
    } finally {
      home.cleanup();
    }
  });
});
