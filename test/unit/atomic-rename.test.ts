// Renames on Windows (issue 28 §2): an antivirus scan or the indexer holding a file makes a rename
// fail with EPERM/EBUSY for a moment; the atomic writes retry for a short bounded time there.
import { describe, expect, it } from 'vitest';
import { RENAME_RETRY_MS, renameRetrying } from '../../src/state/atomic.js';

const refusal = (code: string) => Object.assign(new Error(`${code}: rename`), { code });

/** A rename that is refused `times` times with `code`, then works; it records its calls. */
function flaky(code: string, times: number) {
  const calls: number[] = [];
  const rename = () => {
    calls.push(Date.now());
    if (calls.length <= times) throw refusal(code);
  };
  return { rename, calls };
}

describe('renameRetrying', () => {
  it.each(['EPERM', 'EBUSY', 'EACCES'])('on Windows, retries a rename refused with %s until it works', (code) => {
    const r = flaky(code, 3);
    renameRetrying('a.tmp', 'a.json', r.rename, 'win32');
    expect(r.calls).toHaveLength(4);
  });

  it('on Windows, gives up after about a second with the last error', () => {
    const r = flaky('EBUSY', Infinity);
    const start = Date.now();
    expect(() => renameRetrying('a.tmp', 'a.json', r.rename, 'win32')).toThrow('EBUSY');
    const took = Date.now() - start;
    expect(took).toBeGreaterThanOrEqual(RENAME_RETRY_MS - 20);
    expect(r.calls.length).toBeGreaterThan(2);
    expect(r.calls.length).toBeLessThan(12);
  });

  it('throws at once what is not transient on Windows, and anything elsewhere', () => {
    const notFound = flaky('ENOENT', 1);
    expect(() => renameRetrying('a.tmp', 'a.json', notFound.rename, 'win32')).toThrow('ENOENT');
    expect(notFound.calls).toHaveLength(1);
    const linux = flaky('EPERM', 1);
    expect(() => renameRetrying('a.tmp', 'a.json', linux.rename, 'linux')).toThrow('EPERM');
    expect(linux.calls).toHaveLength(1);
  });
});
