import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { classifyLine, forEachLine, NdjsonFileError } from '../src/lines';
import { schemaTracker } from '../src/schema';

const collect = async (bytes: Uint8Array, gzip = false, chunkSize = 3) => {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(Buffer.from(bytes.subarray(i, i + chunkSize)));
  const lines: Array<[number, string]> = [];
  const count = await forEachLine(Readable.from(chunks), gzip, (text, line) => lines.push([line, text]));
  return { count, lines };
};
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('forEachLine', () => {
  it('numbers every line from 1, blank ones included, across chunk boundaries and multi-byte characters', async () => {
    const { count, lines } = await collect(utf8('{"a":"é€😀"}\n\n{"b":2}\n'), false, 1);
    expect(count).toBe(3);
    expect(lines).toEqual([
      [1, '{"a":"é€😀"}'],
      [2, ''],
      [3, '{"b":2}'],
    ]);
  });

  it('drops a UTF-8 BOM and the \\r of CRLF endings, and keeps a last line without newline', async () => {
    const { lines } = await collect(utf8('\uFEFF{"a":1}\r\n{"a":2}\r\n{"a":3}'));
    expect(lines.map(([, t]) => t)).toEqual(['{"a":1}', '{"a":2}', '{"a":3}']);
  });

  it('gunzips', async () => {
    const { lines } = await collect(new Uint8Array(gzipSync(utf8('{"a":1}\n{"a":2}\n'))), true, 7);
    expect(lines).toHaveLength(2);
  });

  it('rejects a file that is not UTF-8 as a whole', async () => {
    const bad = new Uint8Array([...utf8('{"a":1}\n{"a":"'), 0xff, 0xfe, ...utf8('"}\n')]);
    await expect(collect(bad)).rejects.toMatchObject({ name: 'NdjsonFileError', reason: 'not_utf8' });
    // A multi-byte character cut off at the very end is not UTF-8 either.
    await expect(collect(new Uint8Array([...utf8('{"a":1}\n'), 0xe2, 0x82]))).rejects.toBeInstanceOf(NdjsonFileError);
  });

  it('rejects a .gz that is not gzip, or is truncated, as not decompressible', async () => {
    await expect(collect(utf8('{"a":1}\n'), true)).rejects.toMatchObject({ reason: 'not_decompressible' });
    const gz = gzipSync(utf8('{"a":1}\n'.repeat(1000)));
    await expect(collect(new Uint8Array(gz.subarray(0, gz.length - 20)), true)).rejects.toMatchObject({ reason: 'not_decompressible' });
  });
});

describe('classifyLine', () => {
  const schema = () => schemaTracker([{ name: 'n', type: 'BIGINT' }]);
  it.each([
    ['', 'blank'],
    ['  \t', 'blank'],
    ['{"n":1}', 'row'],
  ])('%j is %s', (text, kind) => expect(classifyLine(text, schema()).kind).toBe(kind));

  it.each([
    ['{"n":1', 'not_json'],
    ['{"n":1,}', 'not_json'],
    ['[1,2]', 'not_object'],
    ['42', 'not_object'],
    ['null', 'not_object'],
    ['"text"', 'not_object'],
    ['{"n":"x"}', 'type_mismatch'],
    ['{"n":1.5}', 'type_mismatch'],
    ['{"a b":1}', 'bad_field_name'],
    ['{"_source_line":1}', 'bad_field_name'],
    ['{"N":1}', 'bad_field_name'],
  ])('%j is rejected as %s', (text, reason) => expect(classifyLine(text, schema())).toMatchObject({ kind: 'reject', reason }));
});
