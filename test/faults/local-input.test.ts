// Hostile local input (issue 17 item 6), through the built binary: a device, an endless stream or
// a huge paste given where a case file, a batch, a comment or a text value is read. Each stops at
// once with exit 2 and a message naming the file and the limit, having read no more than the cap
// (a 200 MB comment on standard input is refused after about 1 MiB, not read whole and sent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { expectNoCrash } from './support.js';

let dir: { path: string; cleanup: () => void };
let env: Record<string, string>;
beforeAll(() => {
  dir = tempDir('ic-faults-local-input-');
  // A portal that is never reached: every input here is refused before any request.
  env = {
    ...baseEnv(join(dir.path, 'state')),
    IC_SUPPORT_PORTAL_URL: 'http://127.0.0.1:9',
    IC_SUPPORT_TOKEN: 'tok-never-used-1234',
  };
});
afterAll(() => dir?.cleanup());

const SUBMIT = [
  'case',
  'submit',
  'ask-a-question',
  '--account',
  'Bayside School (TESTING)',
  '--module',
  'Scheduling',
  '--subject',
  'Local input',
];

describe('a device where a file is read: refused before reading', () => {
  const cases: [string, string[], string][] = [
    ['case validate', ['case', 'validate', '/dev/zero'], 'YAML or JSON case file'],
    ['case lint', ['case', 'lint', '/dev/zero'], 'YAML or JSON case file'],
    ['case submit --from-file', ['case', 'submit', '--from-file', '/dev/zero'], 'YAML or JSON case file'],
    ['case submit --batch', ['case', 'submit', '--batch', '/dev/zero'], 'NDJSON file'],
    [
      'case comment --body-file',
      ['case', 'comment', '1001', '--body-file', '/dev/zero'],
      'Give --body-file the path of a text file',
    ],
    [
      'an @file value',
      [...SUBMIT, '--description', '@/dev/zero'],
      'description: a value starting with @ names a file to read.',
    ],
  ];
  for (const [what, args, hint] of cases) {
    it(what, async () => {
      const r = await runCli(args, { env, timeoutMs: 20_000 });
      expectNoCrash(r.stderr);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('error: /dev/zero: is a character device, not a file\n');
      expect(r.stderr).toContain(hint);
    });
  }
});

/**
 * Streams `total` bytes of `byte` into the CLI's standard input with back-pressure, and says how
 * many the CLI had taken when it exited: a CLI that reads everything takes all of them.
 */
function pipeInto(
  args: string[],
  total: number,
  chunk: Buffer,
): Promise<{ code: number; stderr: string; written: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: ROOT });
    let stderr = '';
    let written = 0;
    let closed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    child.stdin.on('error', () => {});
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ic-support ${args.join(' ')} did not finish in 60 s (it read ${written} bytes)`));
    }, 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      closed = true;
      clearTimeout(timer);
      resolve({ code: code ?? -1, stderr, written });
    });
    const pump = (): void => {
      while (!closed && written < total) {
        written += chunk.length;
        if (!child.stdin.write(chunk)) {
          child.stdin.once('drain', pump);
          return;
        }
      }
      if (!closed) child.stdin.end();
    };
    pump();
  });
}

describe('a huge standard input: stopped at the cap while reading', () => {
  const MB = 1024 * 1024;
  const text = Buffer.alloc(64 * 1024, 'a');

  it('a 200 MB comment is refused after about 1 MiB, never sent', async () => {
    const r = await pipeInto(['case', 'comment', '1001', '--body-file', '-'], 200 * MB, text);
    expectNoCrash(r.stderr);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      'error: standard input: larger than 1 MiB, the limit for a comment; nothing was read past it',
    );
    // Only the cap and what the pipes buffer were taken, not the 200 MB.
    expect(r.written).toBeLessThan(20 * MB);
  });

  it('a value read from standard input (--description -)', async () => {
    const r = await pipeInto([...SUBMIT, '--description', '-'], 200 * MB, text);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error: standard input: larger than 1 MiB, the limit for a text value');
    expect(r.written).toBeLessThan(20 * MB);
  });

  it('a case file on standard input', async () => {
    const r = await pipeInto(['case', 'validate', '-'], 200 * MB, text);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error: standard input: larger than 1 MiB, the limit for a case file');
    expect(r.written).toBeLessThan(20 * MB);
  });

  it('a YAML batch on standard input past its cap names NDJSON as the format for large batches', async () => {
    const yaml = Buffer.from('- caseType: ask-a-question\n  subject: s\n'.repeat(1000));
    const r = await pipeInto(['case', 'submit', '--batch', '-', '--dry-run'], 200 * MB, yaml);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error: standard input: larger than 2 MiB, the limit for a YAML batch');
    expect(r.stderr).toContain('For large batches use NDJSON (one JSON case per line');
    expect(r.written).toBeLessThan(20 * MB);
  });
});

describe('large files', () => {
  it('a case file over 1 MiB is named with the limit; a YAML batch file over 2 MiB points at NDJSON', async () => {
    const big = join(dir.path, 'big.yaml');
    writeFileSync(big, `subject: x\ndescription: ${'y'.repeat(1024 * 1024)}\n`);
    const one = await runCli(['case', 'validate', big], { env });
    expect(one.code, one.stderr).toBe(2);
    expect(one.stderr).toContain(
      `error: ${big}: larger than 1 MiB, the limit for a case file; nothing was read past it\n`,
    );
    const batch = join(dir.path, 'batch.yaml');
    writeFileSync(batch, '- caseType: ask-a-question\n  subject: s\n'.repeat(60_000));
    const many = await runCli(['case', 'submit', '--batch', batch, '--dry-run'], { env });
    expect(many.code, many.stderr).toBe(2);
    expect(many.stderr).toContain(`error: ${batch}: larger than 2 MiB, the limit for a YAML batch`);
    expect(many.stderr).toContain('For large batches use NDJSON');
  });
});

describe('files read for the connection and the sandbox admin: capped like every other', () => {
  it('--ca-file: a device is refused before reading, a file over 1 MiB is named with the limit', async () => {
    const dev = await runCli(['case', 'show', '1001', '--ca-file', '/dev/zero'], { env, timeoutMs: 20_000 });
    expectNoCrash(dev.stderr);
    expect(dev.code, dev.stderr).toBe(2);
    expect(dev.stderr).toContain(
      'error: /dev/zero: the CA certificate file given by --ca-file is a character device, not a file\n',
    );
    const big = join(dir.path, 'bundle.pem');
    writeFileSync(big, '');
    truncateSync(big, 2 * 1024 * 1024);
    const r = await runCli(['case', 'show', '1001', '--ca-file', big], { env, timeoutMs: 20_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      `error: ${big}: the CA certificate file given by --ca-file is larger than 1 MiB, the limit for a CA certificate file; nothing was read past it\n`,
    );
    expect(r.stderr).toContain("Give the PEM file of your district's CA certificate alone");
  });

  it('sandbox admin: an oversized sandbox.json or admin-key is named with the limit, not read whole', async () => {
    const data = join(dir.path, 'sandbox-data');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'sandbox.json'), '');
    truncateSync(join(data, 'sandbox.json'), 1024 * 1024);
    const r = await runCli(['sandbox', 'count', '--data-dir', data], { env, timeoutMs: 20_000 });
    expectNoCrash(r.stderr);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      `error: ${join(data, 'sandbox.json')}: larger than 64 KiB, the limit for a sandbox's record file; nothing was read past it\n`,
    );
    writeFileSync(join(data, 'sandbox.json'), JSON.stringify({ url: 'http://127.0.0.1:9' }));
    writeFileSync(join(data, 'admin-key'), '');
    truncateSync(join(data, 'admin-key'), 1024 * 1024);
    const key = await runCli(['sandbox', 'count', '--data-dir', data], { env, timeoutMs: 20_000 });
    expect(key.code, key.stderr).toBe(2);
    expect(key.stderr).toContain(
      `error: ${join(data, 'admin-key')}: larger than 64 KiB, the limit for a sandbox's record file`,
    );
  });
});
