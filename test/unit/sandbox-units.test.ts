/** Pure parts of the sandbox: rate limiting, cursors, faults, hashing, views, the seed. */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ExitCode } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';
import type { LoadOptions } from '../../src/sandbox/sqlite.js';
import { decodeCursor, encodeCursor, formatCaseNumber, parseCaseNumber } from '../../src/sandbox/cursor.js';
import { faultApplies, faultsActive, NO_FAULTS, parseFaults, planFault } from '../../src/sandbox/faults.js';
import { FailureWindow } from '../../src/sandbox/limits.js';
import { MAX_JSON_DEPTH, nestingDepth } from '../../src/sandbox/http.js';
import {
  canonicalHash,
  hashPassword,
  hashToken,
  newToken,
  sameSecret,
  verifyPassword,
} from '../../src/sandbox/secrets.js';
import { banner, contentDisposition } from '../../src/sandbox/views.js';
import { DIGICERT, GRADE_BOOK_CASE } from '../../src/sandbox/seed.js';
import { validateCase } from '../../src/domain/validation.js';

describe('FailureWindow (login rate limiting)', () => {
  it('allows 5 failures a minute, then says how long to wait', () => {
    const w = new FailureWindow(5, 60_000);
    for (let i = 0; i < 5; i++) {
      expect(w.check('a', 1000 + i * 1000).allowed).toBe(true);
      w.fail('a', 1000 + i * 1000);
    }
    expect(w.check('a', 10_000)).toEqual({ allowed: false, retryAfterSeconds: 51 });
    expect(w.check('b', 10_000).allowed).toBe(true);
    expect(w.check('a', 61_001).allowed).toBe(true);
  });

  it('counts an attempt when it is let through, so parallel attempts cannot all pass the check', () => {
    const w = new FailureWindow(5, 60_000);
    const decisions = Array.from({ length: 60 }, () => w.reserve('a', 1000));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions[5]).toEqual({ allowed: false, retryAfterSeconds: 60 });
    w.succeed('a');
    expect(w.reserve('a', 1001).allowed).toBe(true);
  });

  it('forgets failures after a success', () => {
    const w = new FailureWindow(2, 60_000);
    w.fail('a', 0);
    w.fail('a', 1);
    expect(w.check('a', 2).allowed).toBe(false);
    w.succeed('a');
    expect(w.check('a', 3).allowed).toBe(true);
  });
});

describe('cursors and case numbers', () => {
  it('round-trips positions and refuses anything else', () => {
    const p = { lastModifiedAt: '2024-07-30T18:27:00.000Z', number: 1042 };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
    for (const bad of [
      'garbage',
      '',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["x",1]').toString('base64url'),
      Buffer.from('["2024-01-01T00:00:00Z",-1]').toString('base64url'),
    ]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });

  it('formats 8-digit numbers and parses with or without leading zeros', () => {
    expect(formatCaseNumber(1042)).toBe('00001042');
    expect(parseCaseNumber('00001042')).toBe(1042);
    expect(parseCaseNumber('1042')).toBe(1042);
    for (const bad of ['0', '123456789', 'abc', '12a', '-1', '']) expect(parseCaseNumber(bad)).toBeUndefined();
  });
});

describe('faults', () => {
  it('parses settings, completing defaults and naming every bad one', () => {
    const ok = parseFaults({ errorRate: 0.3, paths: ['/api/v1/cases'] });
    expect(ok).toEqual({ ok: true, value: { ...NO_FAULTS, errorRate: 0.3, paths: ['/api/v1/cases'] } });
    const bad = parseFaults({ errorRate: -1, latencyMs: 1.5, errorStatus: 404, paths: 'x', nope: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.issues.map((i) => i.field).sort()).toEqual(['errorRate', 'errorStatus', 'latencyMs', 'nope', 'paths']);
  });

  it('applies to portal and status paths, never to admin paths', () => {
    const f = { ...NO_FAULTS, errorRate: 1 };
    expect(faultsActive(NO_FAULTS)).toBe(false);
    expect(faultsActive(f)).toBe(true);
    expect(faultApplies(f, '/api/v1/me')).toBe(true);
    expect(faultApplies(f, '/sandbox/v1/faults')).toBe(false);
    const only = { ...f, paths: ['/status/'] };
    expect(faultApplies(only, '/status/v1/notifications')).toBe(true);
    expect(faultApplies(only, '/api/v1/me')).toBe(false);
  });

  it('plans drop before 429 before 5xx, and stops at the limit', () => {
    const all = { ...NO_FAULTS, dropRate: 1, rateLimitRate: 1, errorRate: 1, retryAfterSeconds: 2 };
    expect(planFault(all, 0, () => 0).before).toEqual({ kind: 'drop' });
    expect(planFault({ ...all, dropRate: 0 }, 0, () => 0).before).toEqual({ kind: 'rateLimit', retryAfterSeconds: 2 });
    expect(planFault({ ...all, dropRate: 0, rateLimitRate: 0 }, 0, () => 0).before).toEqual({
      kind: 'error',
      status: 503,
    });
    expect(planFault({ ...all, limit: 3 }, 3, () => 0)).toEqual({
      latencyMs: 0,
      before: { kind: 'none' },
      dropAfter: false,
    });
    expect(planFault({ ...NO_FAULTS, errorRate: 0.5 }, 0, () => 0.7).before).toEqual({ kind: 'none' });
    expect(planFault({ ...NO_FAULTS, dropAfterRate: 1 }, 0, () => 0).dropAfter).toBe(true);
  });
});

describe('secrets', () => {
  it('hashes tokens (never stores them) and passwords with a salt', async () => {
    const t = newToken('icsb');
    expect(t).toMatch(/^icsb_[A-Za-z0-9_-]{43}$/);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t);
    const h = await hashPassword('correct horse battery');
    expect(h).not.toContain('correct');
    expect(await hashPassword('correct horse battery')).not.toBe(h);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('wrong', h)).toBe(false);
    expect(await verifyPassword('x', null)).toBe(false);
    expect(sameSecret('a', 'a')).toBe(true);
    expect(sameSecret('a', 'b')).toBe(false);
  });

  it('hashes JSON bodies independently of key order', () => {
    expect(canonicalHash({ a: 1, b: { c: [1, { d: 2, e: 3 }] } })).toBe(
      canonicalHash({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    );
    expect(canonicalHash({ a: 1 })).not.toBe(canonicalHash({ a: 2 }));
    expect(canonicalHash([1, 2])).not.toBe(canonicalHash([2, 1]));
  });
});

describe('views', () => {
  it('colors the banner as the portal does', () => {
    expect(banner(1, 1).color).toBe('orange');
    expect(banner(0, 1)).toEqual({
      color: 'green',
      text: 'There are 1 open maintenance item(s). To view them, go to the Support » Notifications page.',
      openIncidents: 0,
      openMaintenance: 1,
    });
    expect(banner(0, 0).text).toBe(
      'There are no open notifications. To view historical maintenance or incidents, go to the Support » Notifications page.',
    );
  });

  it('writes a Content-Disposition that no file name can break', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    const evil = contentDisposition('a"b\\c\r\nSet-Cookie: x=1; ../../é.txt');
    expect(evil).not.toMatch(/[\r\n]/);
    expect(evil.split('"').length).toBe(3);
    expect(evil).toContain("filename*=UTF-8''a%22b%5Cc%0D%0ASet-Cookie%3A%20x%3D1%3B%20..%2F..%2F%C3%A9.txt");
  });
});

describe('the seed', () => {
  it("makes the guide's grade-book case a valid Application Issue, as of its creation date", () => {
    const r = validateCase({ caseType: GRADE_BOOK_CASE.caseType, ...GRADE_BOOK_CASE.fields }, { today: '2021-09-15' });
    expect(r.ok).toBe(true);
  });

  it('keeps the DigiCert updates in time order, inside the incident window (13:27–14:25 CDT)', () => {
    const times = DIGICERT.updates.map((u) => u.postedAt);
    expect(times).toEqual([...times].sort());
    for (const t of times) {
      expect(t >= DIGICERT.startsAt && t <= DIGICERT.endsAt).toBe(true);
    }
  });
});

describe("the sandbox's SQLite: node:sqlite where this Node has it, better-sqlite3 (optional) where not", () => {
  const node = { version: 'v20.20.2', execPath: '/opt/node/bin/node' };
  const noBuiltin = (): undefined => undefined;
  const missing = async (): Promise<never> => {
    throw Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: 'MODULE_NOT_FOUND' });
  };
  const failing = (message: string) => async () =>
    class {
      constructor() {
        throw new Error(message);
      }
    };
  const ABI = [
    "The module '/usr/lib/node_modules/ic-support/node_modules/better-sqlite3/build/Release/better_sqlite3.node'",
    'was compiled against a different Node.js version using',
    'NODE_MODULE_VERSION 127. This version of Node.js requires',
    'NODE_MODULE_VERSION 115. Please try re-compiling or re-installing',
    'the module (for instance, using `npm rebuild` or `npm install`).',
  ].join('\n');

  async function failure(options: LoadOptions) {
    const { loadSqlite, SqliteUnavailableError } = await import('../../src/sandbox/sqlite.js');
    let err: unknown;
    try {
      await loadSqlite({ env: {}, node, builtin: noBuiltin, ...options });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SqliteUnavailableError);
    const e = err as { message: string; hint: string; exitCode: number };
    // 15, not installed: never 8 (portal unavailable), which scripts retry.
    expect(e.exitCode).toBe(ExitCode.notInstalled);
    expect(`${e.message} ${e.hint}`).not.toMatch(/--reset|corrupt|damaged/);
    expect(e.message).toContain('this Node.js v20.20.2 (/opt/node/bin/node) has none that loads');
    expect(e.message).toContain('this Node has no built-in node:sqlite (Node.js 22.13 and later have it)');
    expect(e.hint).toMatch(
      /^Run it with Node.js 22.13 or newer \(24 LTS\), whose built-in SQLite needs nothing installed; /,
    );
    return e;
  }

  it('neither: names the running Node, each reason and the fix, exit code 15', async () => {
    const e = await failure({ load: missing, script: '/nowhere/bin/ic-support.cjs' });
    expect(e.message).toContain('; and the package better-sqlite3 is not installed.');
    expect(e.hint).toContain('install better-sqlite3 for it: npm install (in the checkout)');
  });

  it('a native module built for another Node: the whole message (ABI numbers included) and, installed globally, npm rebuild --global', async () => {
    const dir = tempDir();
    try {
      const script = join(dir.path, 'lib', 'node_modules', 'ic-support', 'bin', 'ic-support.cjs');
      mkdirSync(dirname(script), { recursive: true });
      writeFileSync(script, '');
      const e = await failure({ load: failing(ABI), script });
      expect(e.message).toContain(
        'the native module of better-sqlite3 was compiled for another Node.js (NODE_MODULE_VERSION 127; this one needs 115)',
      );
      expect(e.message).toContain('Please try re-compiling or re-installing the module');
      expect(e.hint).toContain('rebuild better-sqlite3 for it: npm rebuild --global better-sqlite3');
    } finally {
      dir.cleanup();
    }
  });

  it('a native module that does not load, in a project: npm rebuild there', async () => {
    const dir = tempDir();
    try {
      const script = join(dir.path, 'node_modules', 'ic-support', 'bin', 'ic-support.cjs');
      mkdirSync(dirname(script), { recursive: true });
      writeFileSync(script, '');
      const e = await failure({
        load: failing('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node'),
        script,
      });
      expect(e.message).toContain(
        'the native module of better-sqlite3 did not load: Could not locate the bindings file. Tried: → /x/build/better_sqlite3.node',
      );
      expect(e.hint).toContain('npm rebuild better-sqlite3 (in the project that has ic-support)');
    } finally {
      dir.cleanup();
    }
  });

  it('IC_SUPPORT_SQLITE forces a driver; node:sqlite forced on a Node without it says so; a wrong value is a usage error', async () => {
    const { loadSqlite } = await import('../../src/sandbox/sqlite.js');
    const forcedBuiltin = await failure({ env: { IC_SUPPORT_SQLITE: 'node:sqlite' }, load: missing });
    expect(forcedBuiltin.message).not.toContain('better-sqlite3 is not installed');
    expect(forcedBuiltin.message).toContain('(IC_SUPPORT_SQLITE=node:sqlite chose the driver.)');
    await expect(loadSqlite({ env: { IC_SUPPORT_SQLITE: 'sqlite3' } })).rejects.toMatchObject({
      exitCode: ExitCode.usage,
      message: 'IC_SUPPORT_SQLITE is "sqlite3": it names the sandbox\'s SQLite driver.',
    });
    const hasBuiltin =
      typeof (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule === 'function' &&
      (process as unknown as { getBuiltinModule: (id: string) => unknown }).getBuiltinModule('node:sqlite') !==
        undefined;
    expect((await loadSqlite({ env: {} })).driver).toBe(hasBuiltin ? 'node:sqlite' : 'better-sqlite3');
  });
});

describe('JSON nesting depth of request bodies', () => {
  it('counts arrays and objects, not brackets inside strings or after escapes', () => {
    expect(nestingDepth('{}')).toBe(1);
    expect(nestingDepth('{"a":[{"b":[]}]}')).toBe(4);
    expect(nestingDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(nestingDepth(String.raw`{"a":"\"[[[["}`)).toBe(1);
    expect(nestingDepth(`${'['.repeat(5000)}${']'.repeat(5000)}`)).toBe(5000);
    expect(MAX_JSON_DEPTH).toBeGreaterThanOrEqual(8);
  });
});
