import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { forEachLineBytes, MAX_LINE_CHARS, NdjsonFileError } from '../src/line-bytes';

/** The string-based line loop forEachLineBytes replaced (TextDecoder, split on '\n'): the behaviour it must keep. */
async function referenceLines(chunks: Uint8Array[]): Promise<{ lines: string[]; error?: string }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines: string[] = [];
  let carry = '';
  const emit = (text: string) => lines.push(text.endsWith('\r') ? text.slice(0, -1) : text);
  const take = (chunk: Uint8Array, last: boolean) => {
    let text: string;
    try {
      text = carry + decoder.decode(chunk, { stream: !last });
    } catch {
      throw new Error(`not_utf8: not valid UTF-8 (after line ${lines.length})`);
    }
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      emit(text.slice(start, nl));
      start = nl + 1;
    }
    carry = text.slice(start);
    if (carry.length > MAX_LINE_CHARS) throw new Error(`line_too_long: line ${lines.length + 1} is longer than ${MAX_LINE_CHARS} characters`);
    if (last && carry !== '') emit(carry);
  };
  try {
    for (const chunk of chunks) take(chunk, false);
    take(new Uint8Array(0), true);
    return { lines };
  } catch (err) {
    return { lines, error: (err as Error).message };
  }
}

async function byteLines(chunks: Uint8Array[]): Promise<{ lines: string[]; error?: string }> {
  const lines: string[] = [];
  try {
    const count = await forEachLineBytes(Readable.from(chunks.map((c) => Buffer.from(c))), false, (bytes, start, end, line) => {
      expect(line).toBe(lines.length + 1);
      lines.push(bytes.toString('utf8', start, end));
    });
    expect(count).toBe(lines.length);
    return { lines };
  } catch (err) {
    if (!(err instanceof NdjsonFileError)) throw err;
    return { lines, error: `${err.reason}: ${err.message}` };
  }
}

/** Cut bytes into chunks at the given sizes (cycled). */
function cut(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

const utf8 = (s: string) => Buffer.from(s);
const BOM = [0xef, 0xbb, 0xbf];

const CASES: Array<[string, Uint8Array]> = [
  ['plain', utf8('{"a":1}\n{"b":2}\n')],
  ['no final newline', utf8('{"a":1}\n{"b":2}')],
  ['blank lines and CRLF', utf8('\r\n\n{"a":1}\r\n\r\n \t\n\r')],
  ['a lone \\r inside a line', utf8('{"a":"x\ry"}\r\r\n')],
  ['BOM', new Uint8Array([...BOM, ...utf8('{"a":1}\n')])],
  ['BOM only', new Uint8Array(BOM)],
  ['BOM twice (the second is text)', new Uint8Array([...BOM, ...BOM, ...utf8('\n')])],
  ['BOM not at the start', new Uint8Array([...utf8('\n'), ...BOM, ...utf8('\n')])],
  ['two bytes of a BOM', new Uint8Array([0xef, 0xbb])],
  ['multi-byte characters', utf8('{"a":"é€😀"}\n€\n😀😀\n')],
  ['empty', new Uint8Array(0)],
  ['newlines only', utf8('\n\n\n')],
  ['invalid byte', new Uint8Array([...utf8('{"a":1}\n{"a":"'), 0xff, ...utf8('"}\n')])],
  ['invalid after many lines', new Uint8Array([...utf8('x\n'.repeat(40)), 0xc0, 0x80, ...utf8('\n')])],
  ['truncated character at the end', new Uint8Array([...utf8('{"a":1}\n'), 0xe2, 0x82])],
  ['surrogate encoded in UTF-8', new Uint8Array([...utf8('a\n'), 0xed, 0xa0, 0x80, ...utf8('\n')])],
  ['overlong 3-byte', new Uint8Array([...utf8('a\n'), 0xe0, 0x80, 0xaf, ...utf8('\n')])],
  ['beyond U+10FFFF', new Uint8Array([...utf8('a\n'), 0xf4, 0x90, 0x80, 0x80, ...utf8('\n')])],
  ['lead byte then ASCII', new Uint8Array([...utf8('ab\ncd'), 0xe2, ...utf8('x\n')])],
  ['continuation byte alone', new Uint8Array([...utf8('ab\n'), 0x80, ...utf8('\n')])],
];

describe('forEachLineBytes gives the lines and errors the TextDecoder loop gave, however the bytes are chunked', () => {
  it.each(CASES)('%s', async (_name, bytes) => {
    for (const sizes of [[bytes.length || 1], [1], [2], [3], [5, 1, 2], [7, 3], [1, 1, 64]]) {
      const chunks = cut(bytes, sizes);
      expect({ sizes, ...(await byteLines(chunks)) }).toEqual({ sizes, ...(await referenceLines(chunks)) });
    }
  });

  it('random byte soup (seeded) in random chunks', async () => {
    let seed = 11;
    const rnd = (n: number) => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
    const pieces = [
      [0x0a],
      [0x0d, 0x0a],
      [0x0d],
      BOM,
      [0x41],
      [0x7b, 0x7d],
      [0xc3, 0xa9],
      [0xe2, 0x82, 0xac],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xc3],
      [0x82],
      [0xe2, 0x82],
      [0xf0],
      [0xff],
      [0xed, 0xa0, 0x80],
    ];
    for (let i = 0; i < 400; i++) {
      const bytes = new Uint8Array(Array.from({ length: 1 + rnd(30) }, () => pieces[rnd(i % 2 ? 9 : pieces.length)]!).flat());
      const chunks = cut(bytes, [1 + rnd(6), 1 + rnd(6), 1 + rnd(6)]);
      expect({ bytes: [...bytes], ...(await byteLines(chunks)) }).toEqual({ bytes: [...bytes], ...(await referenceLines(chunks)) });
    }
  });

  it('a line longer than MAX_LINE_CHARS characters stops the file; one of as many bytes but fewer characters does not', async () => {
    const long = new Uint8Array(MAX_LINE_CHARS + 10).fill(0x61);
    const chunks = [utf8('{"a":1}\n'), ...cut(long, [1 << 20])];
    expect(await byteLines(chunks)).toEqual(await referenceLines(chunks));
    expect((await byteLines(chunks)).error).toBe(`line_too_long: line 2 is longer than ${MAX_LINE_CHARS} characters`);
    const wide = utf8(`${'é'.repeat(MAX_LINE_CHARS / 2 + 10)}\n`); // more bytes than the limit, fewer characters
    expect((await byteLines(cut(wide, [1 << 20]))).lines[0]).toHaveLength(MAX_LINE_CHARS / 2 + 10);
  });

  it('gunzips in chunks and reports a .gz that is not gzip', async () => {
    const text = '{"a":1}\r\n'.repeat(50_000);
    const lines: number[] = [];
    const count = await forEachLineBytes(Readable.from([gzipSync(utf8(text))]), true, (_bytes, s, e) => lines.push(e - s));
    expect([count, new Set(lines)]).toEqual([50_000, new Set([7])]);
    await expect(forEachLineBytes(Readable.from([utf8('{"a":1}\n')]), true, () => {})).rejects.toMatchObject({ reason: 'not_decompressible' });
  });
});
