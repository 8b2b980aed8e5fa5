import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxStore, pendingCount } from '../../src/state/outbox.js';
import { parseBatch } from '../../src/input/batch.js';
import { canonicalJson, contentKey } from '../../src/domain/idempotency.js';
import { ValidationError } from '../../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const body = { caseType: 'ask-a-question', fields: { subject: 'S', description: 'D' } };

describe('OutboxStore', () => {
  it('keeps a copy of each attachment and removes everything on remove', () => {
    const src = join(dir, 'shot.png');
    writeFileSync(src, 'png bytes');
    const box = new OutboxStore(join(dir, 'outbox'));
    const e = box.add({
      profile: 'default',
      portalUrl: 'https://p',
      body,
      idempotencyKey: 'k',
      attachments: [{ name: 'shot.png', path: src, size: 9 }],
      lastError: 'down',
      source: 'flags',
    });
    rmSync(src);
    expect(box.list().map((x) => x.id)).toEqual([e.id]);
    expect(existsSync(e.attachments[0]!.path)).toBe(true);
    expect(e.attachments[0]!.path.startsWith(join(dir, 'outbox'))).toBe(true);
    expect(pendingCount(join(dir, 'outbox'))).toBe(1);
    box.remove(e.id);
    expect(readdirSync(join(dir, 'outbox'))).toEqual([]);
    expect(pendingCount(join(dir, 'outbox'))).toBe(0);
  });

  it('lets one process hold an entry, and takes over the lock of a dead one', () => {
    const box = new OutboxStore(join(dir, 'outbox'));
    const e = box.add({
      profile: 'default',
      portalUrl: 'https://p',
      body,
      idempotencyKey: 'k',
      attachments: [],
      lastError: 'down',
      source: 'flags',
    });
    expect(box.lock(e.id)).toBe(true);
    // Held by another run in this process (an in-process caller): not taken over.
    expect(new OutboxStore(join(dir, 'outbox')).lock(e.id)).toBe(false);
    // Left by an earlier process that had our pid: taken over.
    writeFileSync(join(dir, 'outbox', `${e.id}.lock`), String(process.pid));
    expect(box.lock(e.id)).toBe(true);
    // Held by a live process other than us (the parent of this test process):
    writeFileSync(join(dir, 'outbox', `${e.id}.lock`), String(process.ppid));
    expect(box.lock(e.id)).toBe(false);
    // Left by a process that no longer exists (kill -9):
    writeFileSync(join(dir, 'outbox', `${e.id}.lock`), '2147483646');
    expect(box.lock(e.id)).toBe(true);
  });

  it('ignores a temporary file left by an interrupted write', () => {
    const box = new OutboxStore(join(dir, 'outbox'));
    box.add({
      profile: 'default',
      portalUrl: 'https://p',
      body,
      idempotencyKey: 'k',
      attachments: [],
      lastError: 'down',
      source: 'flags',
    });
    writeFileSync(join(dir, 'outbox', '.abc123.tmp'), '{"torn":');
    expect(box.list()).toHaveLength(1);
  });
});

describe('batch files', () => {
  it('reads NDJSON with line numbers, skipping blank lines', async () => {
    const items = await parseBatch('{"a":1}\n\n{"a":2}\n', 'x.ndjson');
    expect(items).toEqual([
      { line: 1, label: 'line 1', data: { a: 1 } },
      { line: 3, label: 'line 3', data: { a: 2 } },
    ]);
  });

  it('reports every broken NDJSON line', async () => {
    const e = await parseBatch('{"a":1}\n{nope\n{"b":\n', 'x.ndjson').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues.map((i) => i.field)).toEqual(['line 2', 'line 3']);
  });

  it('reads a YAML list with the line each item starts on, each named by its number in the list', async () => {
    const items = await parseBatch('# cases\n- caseType: a\n  subject: one\n\n- caseType: b\n', 'x.yaml');
    expect(items).toEqual([
      { line: 2, label: 'item 1', data: { caseType: 'a', subject: 'one' } },
      { line: 5, label: 'item 2', data: { caseType: 'b' } },
    ]);
  });
});

describe('content keys', () => {
  it('do not depend on key order, and tell repeated cases apart by occurrence', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(contentKey({ x: 1, y: 2 })).toBe(contentKey({ y: 2, x: 1 }));
    expect(contentKey({ x: 1 }, 0)).not.toBe(contentKey({ x: 1 }, 1));
    expect(contentKey({ x: 1 })).toMatch(/^content-[0-9a-f]{40}$/);
  });

  it('stay the keys earlier versions made (a rerun after an upgrade files nothing twice)', () => {
    // SHA-256 of the canonical JSON, then "#occurrence", as an earlier version hashed them (two
    // updates of one Hash); pinned, whichever way the digest is made now.
    const body = { fields: { b: 'é ✓', a: 1 }, caseType: 'ask-a-question' };
    expect(contentKey(body)).toBe('content-09fed49711ecf74d6ba71593ad36d90e8a1dea2d');
    expect(contentKey(body, 2)).toBe('content-0dced464b6834a992b97d219575b96aead852978');
  });
});
