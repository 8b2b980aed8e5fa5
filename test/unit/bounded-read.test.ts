// The one bounded-read module (issue 17 item 6): every read of a local file or of standard input
// stops at its cap while reading. The endless sources here throw if read far past the cap, so an
// implementation that reads everything first fails fast instead of hanging the suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileProblemError } from '../../src/errors.js';
import { readBounded, readFileBoundedSync, readStreamBounded, type ReadLimit } from '../../src/io/bounded-read.js';
import { NDJSON_BATCH_LIMIT, YAML_BATCH_LIMIT, parseBatch, readBatch } from '../../src/input/batch.js';

const LIMIT: ReadLimit = { bytes: 1024 * 1024, what: 'a test value', hint: 'Make it smaller.' };

/** An endless stream of 64 KiB chunks that fails the test if more than `failAfter` bytes are pulled. */
function endless(failAfter: number, chunk = Buffer.alloc(64 * 1024, 'a')): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const stream = new Readable({
    read() {
      pulled += chunk.length;
      if (pulled > failAfter) this.destroy(new Error(`read ${pulled} bytes: the cap was not checked while reading`));
      else this.push(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

async function problem(p: Promise<unknown>): Promise<FileProblemError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(FileProblemError);
  return e as FileProblemError;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ic-bounded-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading standard input', () => {
  it('stops an endless stream at the cap, naming the limit', async () => {
    const src = endless(8 * LIMIT.bytes);
    const e = await problem(readStreamBounded(src.stream, LIMIT));
    expect(e.message).toBe('standard input: larger than 1 MiB, the limit for a test value; nothing was read past it');
    expect(e.hint).toBe('Make it smaller.');
    expect(e.exitCode).toBe(2);
    expect(src.pulled()).toBeLessThanOrEqual(LIMIT.bytes + 2 * 64 * 1024 + 64 * 1024 * 16);
  });

  it('reads what is within the cap, exactly', async () => {
    const text = 'é'.repeat(1000);
    expect((await readStreamBounded(Readable.from([Buffer.from(text)]), LIMIT)).toString('utf8')).toBe(text);
    const exact = Buffer.alloc(LIMIT.bytes, 'b');
    expect((await readStreamBounded(Readable.from([exact]), LIMIT)).length).toBe(LIMIT.bytes);
    await problem(readStreamBounded(Readable.from([exact, Buffer.from('c')]), LIMIT));
  });

  it('"-" means standard input', async () => {
    expect((await readBounded('-', Readable.from([Buffer.from('hi')]), LIMIT)).toString()).toBe('hi');
  });
});

describe('reading a file', () => {
  const none = Readable.from([]);

  it('refuses a device before reading it: /dev/zero never ends', async () => {
    const e = await problem(readBounded('/dev/zero', none, { ...LIMIT, pathHint: 'Give a text file.' }));
    expect(e.message).toBe('/dev/zero: is a character device, not a file');
    expect(e.hint).toBe('Give a text file.');
  });

  it('refuses a folder, names a missing file', async () => {
    expect((await problem(readBounded(dir, none, LIMIT))).message).toBe(`${dir}: is a folder, not a file`);
    expect((await problem(readBounded(join(dir, 'nope'), none, LIMIT))).message).toBe(
      `${join(dir, 'nope')}: no such file`,
    );
  });

  it('refuses a regular file over the cap without reading it, and reads one within it', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, Buffer.alloc(LIMIT.bytes + 1, 'x'));
    expect((await problem(readBounded(big, none, LIMIT))).message).toBe(
      `${big}: larger than 1 MiB, the limit for a test value; nothing was read past it`,
    );
    const ok = join(dir, 'ok.txt');
    writeFileSync(ok, 'hello\n');
    expect((await readBounded(ok, none, LIMIT)).toString()).toBe('hello\n');
  });

  it.skipIf(process.platform === 'win32')('reads a named pipe with the cap: an endless writer is stopped', async () => {
    const fifo = join(dir, 'endless.fifo');
    execFileSync('mkfifo', [fifo]);
    // A writer that would go on for 64 MiB; the reader must stop after 1 MiB.
    const { spawn } = await import('node:child_process');
    const writer = spawn('sh', ['-c', `head -c ${64 * 1024 * 1024} /dev/zero > "${fifo}"`], { stdio: 'ignore' });
    const e = await problem(readBounded(fifo, none, LIMIT));
    expect(e.message).toContain('larger than 1 MiB');
    writer.kill();
  });

  it('the synchronous read (state files) refuses devices, large files and, when asked, links', () => {
    expect(() => readFileBoundedSync('/dev/zero', LIMIT)).toThrow('/dev/zero: is a character device, not a file');
    const big = join(dir, 'big-sync.txt');
    writeFileSync(big, Buffer.alloc(LIMIT.bytes + 1, 'x'));
    expect(() => readFileBoundedSync(big, LIMIT)).toThrow('larger than 1 MiB');
    const target = join(dir, 'target.json');
    writeFileSync(target, '{}');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    expect(readFileBoundedSync(link, LIMIT).toString()).toBe('{}');
    expect(() => readFileBoundedSync(link, LIMIT, { noFollow: true })).toThrow(
      expect.objectContaining({ code: 'ELOOP' }),
    );
  });
});

describe('batches', () => {
  const item = '{"caseType":"ask-a-question","subject":"s"}';

  it('NDJSON is parsed line by line, with line numbers, from a stream in odd-sized chunks', async () => {
    const text = `${item}\n\n${item}\r\n${item}`;
    // Split mid-line and mid-character: lines are joined before they are decoded.
    const bytes = Buffer.from(text.replace('"s"', '"é"'));
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 50), bytes.subarray(50)];
    const { items, name } = await readBatch('-', Readable.from(chunks));
    expect(name).toBe('standard input');
    expect(items.map((i) => i.line)).toEqual([1, 3, 4]);
    expect(items[0]!.data).toEqual({ caseType: 'ask-a-question', subject: 'é' });
  });

  it('the format comes from the first non-blank line when the name does not say', async () => {
    expect(await parseBatch(`\n\n- caseType: a\n- caseType: b\n`, 'cases.txt')).toEqual([
      { line: 3, label: 'item 1', data: { caseType: 'a' } },
      { line: 4, label: 'item 2', data: { caseType: 'b' } },
    ]);
    expect((await parseBatch(`\n${item}\n`, 'cases.txt')).map((i) => i.line)).toEqual([2]);
  });

  it('a YAML batch is capped lower, and the message says to use NDJSON for large batches', async () => {
    const yaml = Buffer.from(
      '- caseType: ask-a-question\n  subject: s\n'.repeat(Math.ceil(YAML_BATCH_LIMIT.bytes / 30)),
    );
    const e = await problem(readBatch('-', Readable.from([yaml])));
    expect(e.message).toBe('standard input: larger than 2 MiB, the limit for a YAML batch; nothing was read past it');
    expect(e.hint).toContain('For large batches use NDJSON');
    expect(e.hint).toContain('64 MiB');
  });

  it('an NDJSON batch larger than the YAML cap is read', async () => {
    const lines = Buffer.from(`${item}\n`.repeat(Math.ceil((YAML_BATCH_LIMIT.bytes * 1.5) / (item.length + 1))));
    const { items } = await readBatch('-', Readable.from([lines]));
    expect(items.length).toBe(Math.ceil((YAML_BATCH_LIMIT.bytes * 1.5) / (item.length + 1)));
  });

  it('an endless NDJSON stream stops at the NDJSON cap; an endless line at the line cap', async () => {
    // One case, then blank lines (cheap to parse): the cap counts bytes, not cases.
    const blank = endless(NDJSON_BATCH_LIMIT.bytes * 2, Buffer.from(`${' '.repeat(1023)}\n`.repeat(64)));
    const e = await problem(
      readBatch(
        '-',
        Readable.from(
          (async function* () {
            yield Buffer.from(`${item}\n`);
            yield* blank.stream;
          })(),
        ),
      ),
    );
    expect(e.message).toBe(
      'standard input: larger than 64 MiB, the limit for an NDJSON batch; nothing was read past it',
    );
    const oneLine = endless(8 * 1024 * 1024, Buffer.alloc(64 * 1024, '{'));
    expect((await problem(readBatch('-', oneLine.stream))).message).toBe(
      'standard input: line 1 is longer than 1 MiB, the limit for one case in a batch',
    );
  });

  it('binary data is named as such', async () => {
    expect((await problem(parseBatch(`${item}\n\u0000\n`, 'x.ndjson'))).message).toContain('holds binary data');
  });
});
