// Where each part of the state lives (src/config/paths.ts), and the move of a state folder of
// versions before 0.2 (everything in the config folder) to the data and cache folders: moved, never
// copied-and-lost, whatever step it is stopped at (every file-system change of the migration is a
// step; a test stops it at each in turn, as a kill -9 would, then lets the next run finish it).
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { migrateLegacyState, paths, platformLayout, type Layout } from '../../src/config/paths.js';
import { tempDir } from '../helpers/cli.js';

describe('the folders of each part', () => {
  it('on Linux: XDG_CONFIG_HOME, XDG_STATE_HOME and XDG_CACHE_HOME, else ~/.config, ~/.local/state and ~/.cache', () => {
    expect(platformLayout({ HOME: '/home/ann' }, 'linux')).toEqual({
      config: '/home/ann/.config/ic-support',
      data: '/home/ann/.local/state/ic-support',
      cache: '/home/ann/.cache/ic-support',
    });
    expect(
      platformLayout(
        { HOME: '/home/ann', XDG_CONFIG_HOME: '/c', XDG_STATE_HOME: '/s', XDG_CACHE_HOME: 'relative' },
        'linux',
      ),
    ).toEqual({ config: '/c/ic-support', data: '/s/ic-support', cache: '/home/ann/.cache/ic-support' });
  });

  it('on macOS: Preferences, Application Support and Caches', () => {
    expect(platformLayout({ HOME: '/Users/ann' }, 'darwin')).toEqual({
      config: '/Users/ann/Library/Preferences/ic-support',
      data: '/Users/ann/Library/Application Support/ic-support',
      cache: '/Users/ann/Library/Caches/ic-support',
    });
  });

  it('on Windows: settings in %APPDATA% (roaming), data and cache in %LOCALAPPDATA%', () => {
    const l = platformLayout({ HOME: 'C:\\Users\\ann', APPDATA: 'R', LOCALAPPDATA: 'L' }, 'win32');
    expect(l).toEqual({
      config: join('R', 'ic-support', 'Config'),
      data: join('L', 'ic-support', 'Data'),
      cache: join('L', 'ic-support', 'Cache'),
    });
  });

  it('IC_SUPPORT_CONFIG_DIR puts every part in one folder, the caches in its cache/', () => {
    const p = paths({ IC_SUPPORT_CONFIG_DIR: '/x/state', HOME: '/home/ann' });
    expect(p).toEqual({
      root: '/x/state',
      data: '/x/state',
      configFile: '/x/state/config.json',
      credentialsFile: '/x/state/credentials.json',
      drafts: '/x/state/drafts',
      outbox: '/x/state/outbox',
      sandbox: '/x/state/sandbox',
      cache: '/x/state/cache',
    });
  });
});

/** A state folder as versions before 0.2 left it: everything in the config folder. */
function legacy(home: string, newerToo = false): { layout: Layout; files: Map<string, string> } {
  const layout = platformLayout({ HOME: home }, 'linux');
  const c = layout.config;
  const attachment = join(c, 'outbox', 'o-20261201-aaaa.files', '0-screen.png');
  const files = new Map<string, string>([
    [join(c, 'config.json'), '{"profiles":{}}'],
    [join(c, 'drafts', 'd-1.json'), '{"id":"d-1","answers":{"subject":"Grades"}}'],
    [join(c, 'drafts', 'd-2.json'), '{"id":"d-2","answers":{"subject":"Attendance"}}'],
    [
      join(c, 'outbox', 'o-20261201-aaaa.json'),
      JSON.stringify({
        id: 'o-20261201-aaaa',
        attachments: [{ name: 'screen.png', path: attachment, size: 3, uploaded: false }],
      }),
    ],
    [attachment, 'PNG'],
    [join(c, 'outbox', 'o-20261201-bbbb.json'), JSON.stringify({ id: 'o-20261201-bbbb', attachments: [] })],
    [join(c, 'sandbox', 'sandbox.db'), 'SQLite format 3'],
    [join(c, 'sandbox', 'attachments', 'att_1'), 'bytes'],
    [join(c, 'cache', 'v8', 'run-X.js.bin'), 'V8'],
    [join(c, 'cache', 'watch-default.json'), '{"seen":{}}'],
  ]);
  // The new version already wrote to the new places (an outbox entry, a cache): entries then move one by one.
  const newer: [string, string][] = newerToo
    ? [
        [
          join(layout.data, 'outbox', 'o-20261207-cccc.json'),
          JSON.stringify({ id: 'o-20261207-cccc', attachments: [] }),
        ],
        [join(layout.cache, 'v8', 'run-X.js.bin'), 'V8'],
      ]
    : [];
  for (const [f, text] of [...files, ...newer]) {
    mkdirSync(join(f, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(f, text, { mode: 0o600 });
  }
  return { layout, files };
}

/** Where a legacy file belongs after the move. */
function newPlace(layout: Layout, file: string): string {
  const r = relative(layout.config, file);
  if (r.startsWith('cache/')) return join(layout.cache, r.slice('cache/'.length));
  if (/^(drafts|outbox|sandbox)\//.test(r)) return join(layout.data, r);
  return file;
}

/** Every file under a folder (none when it does not exist). */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : [join(dir, e)]));
}

describe('moving the state of an older version out of the config folder', () => {
  it('moves drafts, outbox, sandbox and caches; the outbox entry names its attachment in the new place', () => {
    const home = tempDir();
    try {
      const { layout, files } = legacy(home.path);
      migrateLegacyState(layout);
      for (const [f, text] of files) {
        const to = newPlace(layout, f);
        if (to !== f) expect(existsSync(f)).toBe(false);
        if (!f.endsWith('aaaa.json')) expect(readFileSync(to, 'utf8')).toBe(text);
      }
      const entry = JSON.parse(readFileSync(join(layout.data, 'outbox', 'o-20261201-aaaa.json'), 'utf8')) as {
        attachments: { path: string }[];
      };
      expect(entry.attachments[0]!.path).toBe(join(layout.data, 'outbox', 'o-20261201-aaaa.files', '0-screen.png'));
      expect(readdirSync(layout.config)).toEqual(['config.json']);
      expect(statSync(layout.data).mode & 0o777).toBe(0o700);
      expect(statSync(layout.cache).mode & 0o777).toBe(0o700);
      // Found by paths() on the first run of the new version, once.
      expect(paths({ HOME: home.path }).drafts).toBe(join(layout.data, 'drafts'));
    } finally {
      home.cleanup();
    }
  });

  for (const newerToo of [false, true])
    it(`stopped at any step (as by kill -9) loses nothing, and the next run finishes the move${newerToo ? ' (into folders the new version already uses)' : ''}`, () => {
      // How many steps a whole move takes.
      let total = 0;
      const count = tempDir();
      try {
        migrateLegacyState(legacy(count.path, newerToo).layout, { step: () => void total++ });
      } finally {
        count.cleanup();
      }
      expect(total).toBeGreaterThan(5);
      for (let stop = 0; stop < total; stop++) {
        const home = tempDir();
        try {
          const { layout, files } = legacy(home.path, newerToo);
          let n = 0;
          expect(() =>
            migrateLegacyState(layout, {
              step: () => {
                if (n++ === stop) throw new Error('killed');
              },
            }),
          ).toThrow('killed');
          // At the stop: every draft, outbox entry and attachment is whole in one place or the other.
          for (const [f, text] of files) {
            const here = [f, newPlace(layout, f)].filter(existsSync);
            expect([stop, f, here.length > 0]).toEqual([stop, f, true]);
            if (!f.endsWith('aaaa.json')) for (const p of here) expect(readFileSync(p, 'utf8')).toBe(text);
          }
          // The next run finishes it: everything in its new place, once, nothing left behind.
          migrateLegacyState(layout);
          const moved = [
            ...new Set([
              ...[...files.keys()].map((f) => newPlace(layout, f)),
              ...(newerToo ? [join(layout.data, 'outbox', 'o-20261207-cccc.json')] : []),
            ]),
          ].sort();
          const found = [...walk(layout.data), ...walk(layout.cache), ...walk(layout.config)]
            .filter((f) => !f.endsWith('.tmp'))
            .sort();
          expect([stop, found]).toEqual([stop, moved]);
          const entry = JSON.parse(readFileSync(join(layout.data, 'outbox', 'o-20261201-aaaa.json'), 'utf8')) as {
            attachments: { path: string }[];
          };
          expect(readFileSync(entry.attachments[0]!.path, 'utf8')).toBe('PNG');
        } finally {
          home.cleanup();
        }
      }
    });
});
