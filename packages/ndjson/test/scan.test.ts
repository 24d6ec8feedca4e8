import { beforeAll, describe, expect, it } from '@jest/globals';
import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { generateNdjsonFiles, GENERATED_EVENT_COLUMNS } from '../src/generate';
import { classifyLine } from '../src/lines';
import { loadRowScannerAddon, nativeRowScanner } from '../src/native-scan';
import { CopyStop, jsRowScanner, type RowScanner } from '../src/scan';
import { schemaTracker, type SchemaColumn, type SchemaTracker } from '../src/schema';

const addon = loadRowScannerAddon();
/** Both scanners answer to the same tests; `make install` builds the compiled one (NDJSON_NATIVE_SCANNER=0 skips it). */
const SCANNERS: Array<[string, (schema: SchemaTracker) => RowScanner]> = [['JS', jsRowScanner]];
if (addon) SCANNERS.push(['compiled', (schema) => nativeRowScanner(addon, schema)]);
let rowScanner = jsRowScanner;

const COLUMNS: SchemaColumn[] = [
  { name: 'n', type: 'BIGINT' },
  { name: 'd', type: 'DOUBLE' },
  { name: 's', type: 'VARCHAR' },
  { name: 'b', type: 'BOOLEAN' },
  { name: 'j', type: 'JSON' },
];

/**
 * The scanner's promise: "row" only when classifyLine says row and the schema does not change. Checked on a copy
 * of the schema per line, so classifyLine's changes (new columns) never leak into the next line's verdict.
 */
function verdicts(lines: string[], columns: SchemaColumn[] = COLUMNS) {
  return lines.map((text) => {
    const schema = schemaTracker(columns);
    const bytes = Buffer.from(` ${text}\n`); // the line sits inside a bigger buffer, as in a chunk
    const start = 1;
    const end = bytes.length - 1;
    const at = rowScanner(schema).rowStart(bytes, start, end);
    const revision = schema.revision();
    const c = classifyLine(text, schema);
    return { text, fast: at >= 0, at, classified: c.kind, unchanged: schema.revision() === revision };
  });
}

function expectSound(lines: string[], columns?: SchemaColumn[]) {
  for (const v of verdicts(lines, columns)) {
    if (!v.fast) continue;
    expect({ text: v.text, kind: v.classified, unchanged: v.unchanged }).toEqual({ text: v.text, kind: 'row', unchanged: true });
    expect(v.at).toBe(1 + v.text.indexOf('{') + 1); // just after the opening brace (the line starts at offset 1)
  }
}

const fastOnes = (lines: string[], columns?: SchemaColumn[]) =>
  verdicts(lines, columns)
    .filter((v) => v.fast)
    .map((v) => v.text);

it('the compiled scanner is built here (make install), unless switched off', () => {
  expect(addon !== null || process.env.NDJSON_NATIVE_SCANNER === '0').toBe(true);
});

describe.each(SCANNERS)('rowScanner (%s): certainly a row, or not known', (_name, make) => {
  beforeAll(() => {
    rowScanner = make;
  });

  it('accepts the common lines: known fields, fitting values, any JSON in JSON columns, spaces between tokens', () => {
    const lines = [
      '{"n":1,"d":2.5,"s":"x","b":true,"j":{"a":[1,{"b":null}]}}',
      '{"n":-0,"d":-1.5e-10,"s":12.5,"b":false,"j":"t"}',
      '{"n":123456789012345,"d":1e99,"s":true,"j":[]}',
      '{"s":"é€😀 \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\uFFFF"}',
      ' \t{ "n" : 1 , "s" : null , "j" : 1e400 } \t',
      '{"n":null,"d":null,"s":null,"b":null,"j":null}',
      '{"d":0,"s":-0.0E+5,"j":{"deep":{"er":[[[]]]}}}',
    ];
    expect(fastOnes(lines)).toEqual(lines);
    expectSound(lines);
  });

  it('declines whatever it cannot vouch for: classifyLine decides those (edge cases of numbers, keys, escapes, grammar)', () => {
    const declined = [
      '',
      '   ',
      '{}',
      '{ }',
      '[1]',
      '42',
      '"x"',
      'null',
      '{"n":12.0}', // a row for classifyLine (12 is a safe integer), but only parsing tells
      '{"n":1e2}',
      '{"n":9007199254740993}', // 2^53 + 1: beyond a safe integer
      '{"n":1234567890123456}', // 16 digits
      '{"n":"1"}',
      '{"n":true}',
      '{"d":"1"}',
      '{"d":1e400}', // Infinity
      '{"d":1e-400}',
      '{"s":1e400}',
      `{"s":1${'0'.repeat(400)}}`,
      '{"s":{"a":1}}',
      '{"s":[1]}',
      '{"b":1}',
      '{"b":"true"}',
      '{"x":1}', // a new field: classifyLine adds the column
      '{"N":1}',
      '{"n":1,"n":2}', // repeated key
      '{"\\u006e":1}', // an escaped key
      '{"n\\u0000":1}',
      '{"ñ":1}',
      '{"_source_line":1}',
      '{"s":"\\ud83d\\ude00"}', // a surrogate pair: classifyLine checks pairing
      '{"s":"\\ud800"}',
      '{"s":"\\udc00x"}',
      '{"j":"\\uDBFF"}',
      '{"s":"tab\there"}', // a raw control character
      '{"s":"\u0001"}',
      '{"s":"\\x"}',
      '{"s":"\\u12"}',
      '{"s":"\\u12g4"}',
      '{"s":"open}',
      '{"n":01}',
      '{"n":-}',
      '{"n":1.}',
      '{"n":.5}',
      '{"d":1e}',
      '{"d":1e+}',
      '{"n":+1}',
      '{"n":NaN}',
      '{"n":Infinity}',
      '{"n":1,}',
      '{"n":1,,"d":2}',
      '{,"n":1}',
      '{"n" 1}',
      '{"n":1 "d":2}',
      '{"n":1}}',
      '{"n":1} x',
      '{"n":1}{"n":2}',
      '{"n":1',
      '{"j":[1,]}',
      '{"j":[1 2]}',
      '{"j":{"a" 1}}',
      '{"j":{"a":1,}}',
      '{"j":{1:2}}',
      '{"j":tru}',
      '{"j":nul}',
      '{"j":falsey}',
      `{"j":${'['.repeat(70)}${']'.repeat(70)}}`, // deeper than the scanner follows
      '\u00a0{"n":1}', // not JSON whitespace
      '\ufeff{"n":1}',
      '{"n":1}\u00a0',
      "{'n':1}",
    ];
    expect(fastOnes(declined)).toEqual([]);
    expectSound(declined);
  });

  it('follows the schema as classifyLine adds and types columns, and forgets them on rollback', () => {
    const schema = schemaTracker([]);
    const scanner = rowScanner(schema);
    const at = (text: string) => scanner.rowStart(Buffer.from(text), 0, Buffer.byteLength(text));
    const rollback = schema.mark();
    expect(at('{"a":1}')).toBe(-1);
    expect(classifyLine('{"a":1,"z":null}', schema).kind).toBe('row'); // a: BIGINT (still new), z: no type yet
    expect(at('{"a":2}')).toBe(1);
    expect(at('{"a":2.5}')).toBe(-1); // would widen a new BIGINT column to DOUBLE
    expect(at('{"z":null}')).toBe(-1); // z has no type yet: its first value types it
    expect(classifyLine('{"z":"t"}', schema).kind).toBe('row');
    expect(at('{"a":2,"z":"u"}')).toBe(1);
    rollback();
    expect(at('{"a":2}')).toBe(-1);
  });

  it('tells columns apart by their exact bytes, with many columns and any field order', () => {
    const many: SchemaColumn[] = Array.from({ length: 300 }, (_, i) => ({ name: `c${i}`, type: 'BIGINT' }));
    const line = (ids: number[]) => JSON.stringify(Object.fromEntries(ids.map((i) => [`c${i}`, i])));
    const lines = [line([0, 1, 2]), line([299, 5, 17, 0]), line([2, 1, 0]), line([10, 100]), '{"c3":1,"c30":2,"c300":3}', '{"c1":1,"c1 ":2}'];
    expect(fastOnes(lines, many)).toEqual(lines.slice(0, 4));
    expectSound(lines, many);
  });

  it('agrees with classifyLine on generated events and on thousands of mutated lines', () => {
    const events: string[] = [];
    for (const file of generateNdjsonFiles({ files: 4, linesPerFile: 250, poisonRate: 0.05, seed: 8 }))
      events.push(...new TextDecoder().decode(file.key.endsWith('.gz') ? gunzipSync(file.body) : file.body).split(/\r?\n/));
    const columns = [...GENERATED_EVENT_COLUMNS, { name: 'experiment', type: 'VARCHAR' as const }];
    const good = verdicts(events, columns);
    expect(good.filter((v) => v.classified === 'row' && !v.fast).map((v) => v.text)).toEqual([]); // every row of the generator is fast
    expectSound(events, columns);

    // Mutations: one byte inserted, removed or replaced by a byte that matters to JSON (seeded: the same every run).
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const alphabet = Buffer.from('"\\{}[],:0123456789-+.eEtrufalsn \t\u0001\u00e9/xu');
    const rows = events.filter((t) => t.startsWith('{')).slice(0, 300);
    const mutated: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const bytes = Buffer.from(rows[i % rows.length]!);
      const at = Math.floor(rnd() * bytes.length);
      const byte = alphabet[Math.floor(rnd() * alphabet.length)]!;
      const op = Math.floor(rnd() * 3);
      const out =
        op === 0
          ? Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)])
          : op === 1
            ? Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)])
            : Buffer.from(bytes).fill(byte, at, at + 1);
      if (isUtf8(out)) mutated.push(out.toString());
    }
    const fast = fastOnes(mutated, columns).length;
    expect([fast > 1000, fast < mutated.length - 1000]).toEqual([true, true]); // both verdicts are exercised
    expectSound(mutated, columns);
    expectSound(mutated); // against columns of other types too
  });
});

/** Events and seeded mutations of them: lines of every verdict. */
function mixedLines(): string[] {
  const lines: string[] = [];
  for (const file of generateNdjsonFiles({ files: 2, linesPerFile: 300, poisonRate: 0.05, seed: 11 }))
    lines.push(...new TextDecoder().decode(file.key.endsWith('.gz') ? gunzipSync(file.body) : file.body).split(/\r?\n/));
  let seed = 5;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const rows = lines.filter((t) => t.startsWith('{'));
  for (let i = 0; i < 2000; i++) {
    const bytes = Buffer.from(rows[i % rows.length]!);
    bytes[Math.floor(rnd() * bytes.length)] = Buffer.from('"\\{}[],:0-.e \u0001')[Math.floor(rnd() * 14)]!;
    if (isUtf8(bytes)) lines.push(bytes.toString());
  }
  return lines;
}

(addon ? describe : describe.skip)('the compiled scanner against the JS one', () => {
  const columns = [...GENERATED_EVENT_COLUMNS, { name: 'experiment', type: 'VARCHAR' as const }];

  it('gives the same answer for every line', () => {
    const js = jsRowScanner(schemaTracker(columns));
    const compiled = nativeRowScanner(addon!, schemaTracker(columns));
    const answers = (s: RowScanner) => mixedLines().map((t) => s.rowStart(Buffer.from(` ${t} `), 1, Buffer.byteLength(t) + 1));
    expect(answers(compiled)).toEqual(answers(js));
  });

  it('copyRows writes exactly what the line-by-line path writes, stopping at each unsure line and full output', () => {
    const lines = mixedLines();
    const text = lines.map((t, i) => (i % 3 === 0 ? `${t}\r\n` : `${t}\n`)).join('');
    const bytes = Buffer.from(text);
    const js = jsRowScanner(schemaTracker(columns));
    let want = '';
    lines.forEach((t, i) => {
      const line = Buffer.from(t);
      const at = js.rowStart(line, 0, line.length);
      if (at >= 0) want += `{"_source_line":${i + 1},${line.subarray(at).toString()}\n`;
    });
    for (const outBytes of [1 << 16, 700]) {
      const copier = nativeRowScanner(addon!, schemaTracker(columns)).copier!;
      const out = Buffer.alloc(outBytes);
      let got = '';
      let used = 0;
      let start = 0;
      let line = 1;
      let stops = 0;
      let longest = 0;
      while (start < bytes.length) {
        const why = copier.copyRows(bytes, start, bytes.length, line, out, used);
        const [next, nextLine, outAt, , long] = copier.state;
        longest = Math.max(longest, long!);
        expect(nextLine! - line).toBe(copier.state[3]); // one row per line taken
        [start, line, used] = [next!, nextLine!, outAt!];
        if (why === CopyStop.OutputFull) {
          got += out.toString('utf8', 0, used);
          used = 0;
        } else if (why === CopyStop.Unsure) {
          start = bytes.indexOf(10, start) + 1; // the caller classifies that line
          line++;
          stops++;
        }
      }
      got += out.toString('utf8', 0, used);
      expect(got).toEqual(want);
      expect(stops).toBe(lines.length - want.split('\n').length + 1);
      expect(longest).toBe(
        Math.max(
          ...want
            .split('\n')
            .slice(0, -1)
            .map((l) => Buffer.byteLength(l) + 1),
        ),
      );
    }
  });

  it('refuses ranges outside its buffers', () => {
    const copier = nativeRowScanner(addon!, schemaTracker(columns)).copier!;
    expect(() => copier.copyRows(Buffer.from('{}\n'), 0, 9, 1, Buffer.alloc(8), 0)).toThrow(/bad copyRows arguments/);
    const scanner = nativeRowScanner(addon!, schemaTracker(columns));
    expect(() => scanner.rowStart(Buffer.from('{}'), 1, 5)).toThrow(/outside the bytes/);
    expect(() => addon!.rowStart({}, Buffer.from('{}'), 0, 2)).toThrow(/first argument must be a scanner/);
  });
});
