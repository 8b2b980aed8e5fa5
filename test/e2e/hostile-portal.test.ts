/**
 * A hostile or broken portal cannot hurt the user (issue 17 §1–5, §9): the built CLI against the
 * purpose-built server of test/helpers/hostile-portal.ts, over real HTTP on 127.0.0.1. Every
 * probe is capped in time, memory and file size (test/helpers/probe.ts), so a regression fails
 * here instead of filling the machine.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import { BIN, ROOT, baseEnv, runCli, spawnCli, tempDir } from '../helpers/cli.js';
import { EVIL, FORBIDDEN, startHostilePortal, type HostilePortal, type Mode } from '../helpers/hostile-portal.js';
import { runProbe } from '../helpers/probe.js';

const TOKEN = 'hostile-test-token-7f3a9c1e5b';
let dir: { path: string; cleanup: () => void };
let portal: HostilePortal | undefined;

beforeAll(() => {
  dir = tempDir('ic-support-hostile-');
});
afterAll(() => dir.cleanup());
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

async function against(mode: Mode, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  portal = await startHostilePortal(mode);
  return {
    ...baseEnv(join(dir.path, `state-${mode}-${Date.now()}`)),
    IC_SUPPORT_PORTAL_URL: portal.url,
    IC_SUPPORT_TOKEN: TOKEN,
    TZ: 'America/Chicago',
    IC_SUPPORT_HTTP_RETRIES: '0',
    ...extra,
  };
}

/** No byte of the portal's control sequences: no ESC, BEL, 8-bit CSI, DEL, and no carriage return. */
function expectInert(text: string, where: string): void {
  for (const b of FORBIDDEN)
    expect(text.includes(b), `${where} holds ${JSON.stringify(b)}:\n${JSON.stringify(text.slice(0, 2000))}`).toBe(
      false,
    );
  expect(text.includes('\r'), `${where} holds a carriage return`).toBe(false);
}

describe('control sequences in every string the portal sends', () => {
  const commands: [string, string[]][] = [
    ['case list (TSV)', ['case', 'list']],
    ['case show', ['case', 'show', '00001001']],
    ['case watch', ['case', 'watch']],
    ['notifications', ['notifications']],
    ['notifications show', ['notifications', 'show', 'ntf_evil']],
    ['notifications --check', ['notifications', '--check']],
    ['a portal error message', ['case', 'show', '00009999']],
    ['download names', ['case', 'download', '00001001', '--dir', '.']],
    ['case close', ['case', 'close', '00001001']],
    ['case reopen', ['case', 'reopen', '00001001', '--body', 'The grades still do not post for section 1100-3.']],
    ['case attach', ['case', 'attach', '00001001', 'note.txt']],
    ['auth status', ['auth', 'status']],
  ];
  it.each(commands)('%s: shown visibly, never as control characters (pipe)', async (_name, args) => {
    const env = await against('controls');
    writeFileSync(join(dir.path, 'note.txt'), 'note');
    // The first run of case watch records a baseline; the second shows what changed.
    if (args[1] === 'watch') await runCli(args, { env, cwd: dir.path });
    const r = await runCli(args, { env, cwd: dir.path });
    expectInert(r.stdout, 'stdout');
    expectInert(r.stderr, 'stderr');
    // The sequences were there, and are now text a person can see (a file name drops them).
    if (args[1] !== 'download') expect(`${r.stdout}${r.stderr}`).toMatch(/\^\[\]52;c;ZXZpbA==\^G|\^\[\]0;pwned\^G/);
  });

  it('--json keeps the exact data', async () => {
    const env = await against('controls');
    const r = await runCli(['case', 'show', '00001001', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as { subject: string; comments: { body: string }[] };
    expect(c.subject).toBe(`Subject ${EVIL}`);
    expect(c.comments[0]!.body).toBe(`Comment ${EVIL}`);
  });

  it('an outbox entry saves and shows the portal’s error inert', async () => {
    const env = await against('controls');
    const r = await runCli(
      [
        'case',
        'submit',
        'server-issue',
        '--account',
        'd1',
        '--module',
        'Reports',
        '--subject',
        'Nightly export fails',
        '--description',
        'The nightly export fails at the district office since Monday; nothing changed on our side.',
      ],
      { env },
    );
    expect(r.code, r.stderr).toBe(9);
    expectInert(r.stderr, 'submit stderr');
    const outbox = join(env.IC_SUPPORT_CONFIG_DIR!, 'outbox');
    const files = existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.json')) : [];
    expect(files.length, `outbox files in ${outbox}`).toBeGreaterThan(0);
    for (const f of files)
      expectInert(
        (JSON.parse(readFileSync(join(outbox, f), 'utf8')) as { lastError: string }).lastError,
        `lastError of ${f}`,
      );
    const list = await runCli(['outbox', 'list'], { env });
    expect(list.stdout).toContain('Down A^[]52;c;');
    expectInert(list.stdout, 'outbox list');
  });

  it.each([
    ['case show', ['case', 'show', '00001001']],
    ['notifications', ['notifications']],
  ])('%s at a terminal: no control sequence of the portal reaches it', async (_name, args) => {
    const env = await against('controls', { CI: '1' });
    const p = pty.spawn(process.execPath, [BIN, ...args], {
      name: 'xterm-256color',
      cols: 120,
      rows: 40,
      cwd: ROOT,
      env: { ...env, TERM: 'xterm-256color' },
    });
    let raw = '';
    p.onData((d) => (raw += d));
    const code = await new Promise<number>((resolve) => p.onExit((e) => resolve(e.exitCode)));
    expect(code, raw).toBe(0);
    // The terminal turns each newline into CR LF; any other CR came from the portal.
    expectInert(raw.replace(/\r\n/g, '\n'), 'the terminal');
    expect(raw).toContain('^[]8;;https://evil.example/');
  });
});

describe('every answer is bounded', () => {
  it('an endless JSON body stops at the cap with exit 14, in bounded memory', async () => {
    const env = await against('endless-body');
    const r = await runProbe(['case', 'list', '--all'], { env, timeoutMs: 60_000, maxRssMiB: 300 });
    expect(r.killed, r.stderr).toBeUndefined();
    expect(r.code, r.stderr).toBe(14);
    expect(r.stderr).toContain("The portal's answer while listing cases");
    expect(r.stderr).not.toContain('/api/v1');
    expect(r.stderr).toContain('exceeded 4 MiB');
    expect(r.peakMiB, `peak ${r.peakMiB} MiB`).toBeLessThan(150);
    console.log(`endless body: peak ${r.peakMiB} MiB`);
  });

  it('a finished 300 MiB body is refused at the cap, not read whole', async () => {
    const env = await against('huge-body');
    const r = await runProbe(['notifications'], { env, timeoutMs: 60_000, maxRssMiB: 300 });
    expect(r.killed, r.stderr).toBeUndefined();
    expect(r.code, r.stderr).toBe(14);
    expect(r.stderr).toContain('exceeded 4 MiB');
    expect(r.peakMiB, `peak ${r.peakMiB} MiB`).toBeLessThan(150);
    console.log(`300 MiB body: peak ${r.peakMiB} MiB`);
  });

  it('a body dripped a byte at a time ends at the overall deadline (IC_SUPPORT_HTTP_TIMEOUT)', async () => {
    const env = await against('drip-body', { IC_SUPPORT_HTTP_TIMEOUT: '0.4' });
    const r = await runProbe(['case', 'list'], { env, timeoutMs: 30_000 });
    expect(r.killed, r.stderr).toBeUndefined();
    expect(r.code, r.stderr).toBe(8);
    expect(r.stderr).toContain('did not finish answering in time while listing cases');
    expect(r.stderr).not.toContain('/api/v1');
  });

  it('the profile’s httpTimeout bounds it the same way, and a bad value is refused naming the key', async () => {
    const env = await against('drip-body');
    const bad = await runCli(['config', 'set', 'httpTimeout', 'soon'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"soon" is not a number of seconds from 0.1 to 600');
    expect((await runCli(['config', 'set', 'httpTimeout', '0.4'], { env })).code).toBe(0);
    const r = await runProbe(['notifications'], { env, timeoutMs: 30_000 });
    expect(r.killed, r.stderr).toBeUndefined();
    expect(r.code, r.stderr).toBe(8);
    expect(r.stderr).toContain('did not finish answering in time while reading the notifications');
    expect(r.stderr).not.toContain('/status/v1');
  });

  it.each(['oversize-download', 'endless-download'] as const)(
    '%s: stops at the listed size, removes the partial file and says so',
    async (mode) => {
      const env = await against(mode);
      const out = tempDir('ic-support-hostile-dl-');
      try {
        const r = await runProbe(['case', 'download', '00001001', '--dir', out.path], {
          env,
          timeoutMs: 60_000,
          maxRssMiB: 300,
          maxFileMiB: 64,
        });
        expect(r.killed, r.stderr).toBeUndefined();
        expect(r.code, r.stderr).toBe(14);
        expect(r.stderr).toContain('listed as 10 bytes');
        expect(r.stderr).toContain('partial file was removed');
        expect(readdirSync(out.path)).toEqual([]);
        expect(r.peakMiB, `peak ${r.peakMiB} MiB`).toBeLessThan(150);
        console.log(`${mode}: peak ${r.peakMiB} MiB`);
      } finally {
        out.cleanup();
      }
    },
  );
});

describe('free space before a download', () => {
  it('an attachment listed larger than the free space is refused before a byte is asked for or written', async () => {
    const env = await against('huge-listing');
    const out = tempDir('ic-support-hostile-space-');
    try {
      const r = await runCli(['case', 'download', '00001001', '--dir', out.path], { env, timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/needs 1048576\.0 GiB but .+ has [\d.]+ [KMG]i?B free; nothing was written/);
      expect(r.stderr).toContain('Free some space, or save elsewhere with --dir.');
      expect(portal!.requests.filter((q) => /\/attachments\/a1$/.test(q))).toEqual([]);
      expect(readdirSync(out.path)).toEqual([]);
    } finally {
      out.cleanup();
    }
  });
});

describe('no endless paging', () => {
  it.each([
    ['case list --all', ['case', 'list', '--all']],
    ['case watch', ['case', 'watch']],
  ])('%s: a repeated cursor stops with a clear error (exit 14)', async (_name, args) => {
    const env = await against('repeat-cursor');
    const r = await runProbe(args, { env, timeoutMs: 30_000 });
    expect(r.killed, r.stderr).toBeUndefined();
    expect(r.code, r.stderr).toBe(14);
    expect(r.stderr).toContain('page cursor it had given before');
    expect(portal!.requests.filter((q) => q.startsWith('GET /api/v1/cases')).length).toBeLessThanOrEqual(3);
  });
});

describe('a broken answer is the portal’s fault (exit 14)', () => {
  it('an HTML page where JSON was due: exit 14, the first bytes under --verbose, made inert', async () => {
    const env = await against('html');
    const r = await runCli(['--verbose', 'case', 'list'], { env });
    expect(r.code, r.stderr).toBe(14);
    expect(r.stderr).toContain('is not JSON (text/html)');
    expect(r.stderr).toContain('Wi-Fi login^[]0;pwned^G');
    expectInert(r.stderr, 'stderr');
  });

  it('JSON of the wrong shape: exit 14 naming the field', async () => {
    const env = await against('wrong-shape');
    const r = await runCli(['case', 'list'], { env });
    expect(r.code, r.stderr).toBe(14);
    expect(r.stderr).toMatch(/does not match the API contract: cases:/);
  });

  it('notifications --check maps a broken answer to UNKNOWN', async () => {
    const env = await against('html');
    const r = await runCli(['notifications', '--check'], { env });
    expect(r.code, r.stderr).toBe(8);
    expect(r.stdout).toMatch(/^IC-SUPPORT UNKNOWN - /);
  });
});

describe('secrets stay out of what is printed', () => {
  it('a portal error that echoes the token', async () => {
    const env = await against('echo-token');
    // runCli itself fails the test when the token is printed.
    const r = await runCli(['--verbose', 'case', 'show', '00001001'], { env });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('the token [redacted] is not valid here');
  });

  it('a failed request body (the password) under --verbose', async () => {
    const env = await against('echo-request');
    const password = 'correct-horse-battery-staple-9';
    const r = await runCli(['--verbose', 'login', '--email', 'zack@bayside.example', '--password-stdin'], {
      env: { ...env, IC_SUPPORT_TOKEN: '' },
      input: password,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('sent: {"email":"zack@bayside.example","password":"[redacted]"}');
    expect(r.stderr).not.toContain(password);
  });

  it('a proxy that is down is named as the proxy, without its credentials', async () => {
    const closed: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as { port: number }).port)),
    );
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const env = await against('controls', { HTTP_PROXY: `http://proxyuser:pr0xy-s3cret@127.0.0.1:${port}` });
    const r = await runCli(['--verbose', 'notifications'], { env });
    expect(r.code, r.stderr).toBe(8);
    expect(r.stderr).toContain(`Could not reach the proxy http://[redacted]@127.0.0.1:${port} (connection refused)`);
    expect(r.stderr).toContain('go through the proxy http://[redacted]@127.0.0.1');
    expect(r.stderr).not.toContain('pr0xy-s3cret');
  });
});

/**
 * A portal that answers every request with the same raw bytes (what node:http would not send), and
 * counts the requests; the environment of a signed-in user of it; closed after `use`.
 */
async function withRawPortal(
  answer: string,
  use: (env: Record<string, string>, requests: () => number) => Promise<void>,
): Promise<void> {
  let requests = 0;
  const server: Server = createServer((socket) => {
    socket.once('data', () => {
      requests++;
      socket.end(answer);
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  try {
    await use(
      {
        ...baseEnv(join(dir.path, `state-raw-${Date.now()}`)),
        IC_SUPPORT_PORTAL_URL: `http://127.0.0.1:${port}`,
        IC_SUPPORT_TOKEN: TOKEN,
      },
      () => requests,
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('an answer is bounded from its first byte', () => {
  it('headers over 16 KiB are refused as a bad answer (exit 14), not read on, not retried as a network failure', async () => {
    await withRawPortal(
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-pad: ${'a'.repeat(20_000)}\r\ncontent-length: 2\r\n\r\n{}`,
      async (env, requests) => {
        const r = await runCli(['whoami'], { env });
        expect(r.code, r.stderr).toBe(14);
        expect(r.stderr).toContain('answered with more than 16 KiB of headers while asking who you are');
        expect(requests()).toBe(1);
      },
    );
  });
});

describe('an answer that breaks the contract, from the built CLI', () => {
  it("names the field and zod's full English message (zod/mini loads no locale of its own)", async () => {
    const body = JSON.stringify({
      contact: { id: 'c1', name: 5, email: 'zack@bayside.example', role: 'Authorized' },
      districts: [],
      token: { expiresAt: '2030-01-01T00:00:00Z' },
    });
    await withRawPortal(
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      async (env) => {
        // Spawned: in this process other tests have loaded zod's classic API, which sets the messages.
        const r = await spawnCli(['whoami'], { env });
        expect(r.code, r.stderr).toBe(14);
        expect(r.stderr).toContain(
          'does not match the API contract: contact.name: Invalid input: expected string, received number.',
        );
      },
    );
  });
});

describe('API paths are never in a message, only in --verbose lines (issue 15 item 13)', () => {
  const cases: [Mode, string[], string][] = [
    ['bare-errors', ['case', 'list'], 'while listing cases'],
    ['bare-errors', ['case', 'show', '1001'], 'while reading case 00001001'],
    ['bare-errors', ['case', 'close', '1001'], 'while closing case 00001001'],
    ['bare-errors', ['notifications', 'show', 'ntf_x'], 'while reading notification ntf_x'],
    [
      'bare-errors',
      ['case', 'comment', '1001', '--body', 'The report is attached.'],
      'while adding a comment to case 00001001',
    ],
    ['html', ['case', 'list'], "The portal's answer while listing cases is not JSON"],
    [
      'wrong-shape',
      ['case', 'show', '1001'],
      "The portal's answer while reading case 00001001 does not match the API contract",
    ],
    [
      'wrong-shape',
      ['notifications'],
      "The portal's answer while reading the notifications does not match the API contract",
    ],
  ];
  it.each(cases)('%s: %s', async (mode, args, words) => {
    const env = await against(mode);
    const r = await runCli(args, { env });
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).toContain(words);
    expect(r.stderr).not.toMatch(/\/(api|status)\/v1/);
    const verbose = await runCli(['--verbose', ...args], { env });
    expect(verbose.stderr).toMatch(/\/(api|status)\/v1\//);
  });
});
