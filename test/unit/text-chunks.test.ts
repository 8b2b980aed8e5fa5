// Windows text made the text the portal stores (issue 28 §2), whatever the chunks it arrives in:
// a pipe may cut a byte-order mark, a UTF-16 code unit or a CR from its LF anywhere.
import { describe, expect } from 'vitest';
import { fc, it } from '@fast-check/vitest';
import { FileProblemError } from '../../src/errors.js';
import { normalizeTextSync, normalizedText } from '../../src/io/bounded-read.js';

const ENCODINGS = ['utf8', 'crlf', 'utf8-bom', 'utf16le', 'utf16be'] as const;

function encode(text: string, enc: (typeof ENCODINGS)[number]): Buffer {
  const crlf = enc === 'utf8' ? text : text.replace(/\n/g, '\r\n');
  if (enc === 'utf8' || enc === 'crlf') return Buffer.from(crlf, 'utf8');
  if (enc === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf, 'utf8')]);
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf, 'utf16le')]);
  return enc === 'utf16le' ? le : le.swap16();
}

/** `bytes` cut at the given places. */
async function* cut(bytes: Buffer, at: number[]): AsyncGenerator<Buffer> {
  let from = 0;
  for (const p of [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(from, p);
    from = p;
  }
  yield bytes.subarray(from);
}

// Text without CR of its own: a lone CR is kept as it is, so it would not round-trip through CRLF.
const text = fc
  .string({ unit: 'grapheme', maxLength: 60 })
  .map((s) => s.replace(/[\r\ufeff]/g, '').replaceAll('\u0000', ''));

describe('normalizedText', () => {
  it.prop([text, fc.constantFrom(...ENCODINGS), fc.array(fc.nat(), { maxLength: 8 })])(
    'gives the LF UTF-8 text back however the bytes are cut',
    async (t, enc, at) => {
      expect(await normalizedText(cut(encode(t, enc), at), 'f.txt')).toBe(t);
      expect(normalizeTextSync(encode(t, enc), 'f.txt')).toBe(t);
    },
  );

  it('keeps a lone CR and a CR at the very end', async () => {
    expect(await normalizedText(cut(Buffer.from('a\rb\r'), [2, 3]), 'f')).toBe('a\rb\r');
  });

  it('refuses UTF-16 without a byte-order mark and an odd UTF-16 length, naming the fix', async () => {
    await expect(normalizedText(cut(Buffer.from('abc', 'utf16le'), []), 'f.txt')).rejects.toThrow(
      /f.txt: looks like UTF-16 text without a byte-order mark/,
    );
    const odd = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab', 'utf16le'), Buffer.from([0x41])]);
    const e = await normalizedText(cut(odd, [3]), 'g.txt').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FileProblemError);
    expect((e as FileProblemError).hint).toContain('Set-Content -Encoding utf8');
  });
});
