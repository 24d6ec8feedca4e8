import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { classifyLine, GENERATED_EVENT_COLUMNS, generateNdjsonFiles, schemaTracker, type SchemaColumn, type SchemaTracker } from '@medallion/ndjson';
import { prepareFile } from '../src/prepare';

/**
 * prepareFile as it was before the byte-level fast path (whole file decoded with a strict TextDecoder, every line
 * through classifyLine, rows written as strings): the clean file and quarantine it writes must stay byte for byte
 * what this gives, and the schema must end up the same.
 */
function referencePrepare(body: Uint8Array, fileKey: string, schema: SchemaTracker) {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fileKey.endsWith('.gz') ? gunzipSync(body) : body);
  } catch {
    const record = { file: fileKey, line: null, reason: 'not_utf8', raw: null, detail: 'not valid UTF-8 (after line 0)' };
    return { clean: '', rejects: `${JSON.stringify(record)}\n`, rows: 0, blank: 0, lines: 0 };
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let clean = '';
  let rejects = '';
  let rows = 0;
  let blank = 0;
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const c = classifyLine(line, schema);
    if (c.kind === 'blank') blank++;
    else if (c.kind === 'reject') rejects += `${JSON.stringify({ file: fileKey, line: i + 1, reason: c.reason, raw: line, detail: c.detail })}\n`;
    else {
      clean += Object.keys(c.value).length ? `{"_source_line":${i + 1},${line.trimStart().slice(1)}\n` : `{"_source_line":${i + 1}}\n`;
      rows++;
    }
  }
  return { clean, rejects, rows, blank, lines: lines.length };
}

const longestLine = (clean: string) =>
  Math.max(
    0,
    ...clean
      .split('\n')
      .slice(0, -1)
      .map((l) => Buffer.byteLength(l) + 1),
  );

/** Returns how many files the direct check let through, per scanner. */
async function compare(files: Array<{ key: string; body: Uint8Array }>, frozen: SchemaColumn[]): Promise<number[]> {
  const direct: number[] = [];
  for (const nativeScanner of [true, false]) direct.push(await compareWith(files, frozen, nativeScanner));
  return direct;
}

/** With the compiled scanner (many lines per call) or the JS one (line by line). */
async function compareWith(files: Array<{ key: string; body: Uint8Array }>, frozen: SchemaColumn[], nativeScanner: boolean): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'ndjson-prepare-test-'));
  const ours = schemaTracker(frozen);
  const theirs = schemaTracker(frozen);
  for (const [i, f] of files.entries()) {
    const input = join(dir, `${i}.in`);
    await writeFile(input, f.body);
    const got = await prepareFile(input, f.key, f.key.endsWith('.gz'), ours, join(dir, `${i}.clean`), join(dir, `${i}.rejects`), { nativeScanner });
    const want = referencePrepare(f.body, f.key, theirs);
    expect({
      nativeScanner,
      key: f.key,
      clean: await readFile(join(dir, `${i}.clean`), 'utf8'),
      rejects: await readFile(join(dir, `${i}.rejects`), 'utf8').catch(() => null), // no file when nothing was rejected
      counts: [got.lines, got.rows, got.blank, got.cleanBytes, got.longestLine],
    }).toEqual({
      nativeScanner,
      key: f.key,
      clean: want.clean,
      rejects: want.rejects || null,
      counts: [want.lines, want.rows, want.blank, Buffer.byteLength(want.clean), longestLine(want.clean)],
    });
  }
  expect(ours.columns()).toEqual(theirs.columns());
  return compareDirect(dir, files, frozen, nativeScanner);
}

/**
 * With `direct`: a plain file whose every line is a row gives the same counts and writes nothing; any other gives
 * what the pass without it gives. The schema ends the same either way (a stopped check rolls back what it added).
 */
async function compareDirect(dir: string, files: Array<{ key: string; body: Uint8Array }>, frozen: SchemaColumn[], nativeScanner: boolean): Promise<number> {
  const direct = schemaTracker(frozen);
  const plain = schemaTracker(frozen);
  let directFiles = 0;
  for (const [i, f] of files.entries()) {
    const gzip = f.key.endsWith('.gz');
    const input = join(dir, `${i}.in`);
    const got = await prepareFile(input, f.key, gzip, direct, join(dir, `${i}.direct`), join(dir, `${i}.direct-rejects`), { nativeScanner, direct: true });
    const want = await prepareFile(input, f.key, gzip, plain, join(dir, `${i}.plain`), join(dir, `${i}.plain-rejects`), { nativeScanner });
    const written = await readFile(join(dir, `${i}.direct`), 'utf8').catch(() => null);
    if (got.direct) {
      directFiles++;
      const { blankLineNumbers = [], ...counts } = got;
      expect({ key: f.key, gzip, written, rows: got.rows, blank: blankLineNumbers.length }).toEqual({
        key: f.key,
        gzip: false,
        written: null,
        rows: got.lines - got.blank,
        blank: got.blank,
      });
      expect({ ...counts, direct: false }).toEqual(want);
    } else {
      // A file quarantined whole during the check has no clean file at all (nothing to convert).
      const rejects = (path: string) => readFile(path, 'utf8').catch(() => null);
      expect({ key: f.key, got, written: written ?? '', rejects: await rejects(join(dir, `${i}.direct-rejects`)) }).toEqual({
        key: f.key,
        got: want,
        written: await readFile(join(dir, `${i}.plain`), 'utf8'),
        rejects: await rejects(join(dir, `${i}.plain-rejects`)),
      });
    }
  }
  expect(direct.columns()).toEqual(plain.columns());
  expect(direct.added()).toEqual(plain.added());
  return directFiles;
}

const LINES = [
  '{"n":1,"d":2.5,"s":"x","b":true,"j":{"a":[1,{"b":null}]}}',
  ' \t{ "n" : 1 , "s" : null , "j" : 1e400 } \t',
  '{}',
  ' { } ',
  '{"n":12.0}',
  '{"n":9007199254740993}',
  '{"d":1e400}',
  '{"s":-0}',
  '{"n":1,"n":2}',
  '{"N":1}',
  '{"x":null}',
  '{"x":5}',
  '{"x":5.5}',
  '{"ñ":1}',
  '{"\\u006e":3}',
  '{"s":"\\ud83d\\ude00 é€😀"}',
  '{"s":"\\ud800"}',
  '{"s":"tab\there"}',
  '{"n":1}}',
  '{"n":1',
  '[1]',
  '42',
  '',
  '  \t',
  '\u00a0',
  '\ufeff{"n":1}',
  '{"_source_line":1}',
  '{"j":{"deep":[[[[]]]]},"b":null}',
  '{"n":1}\r',
];

describe('prepareFile writes what it wrote before the byte-level fast path', () => {
  it('on generated event files (poison, blank, BOM, CRLF, gzip; the schema inferred, then a new field)', async () => {
    const files = [...generateNdjsonFiles({ files: 10, linesPerFile: 400, poisonRate: 0.05, seed: 3, crlfRate: 0.3, bomRate: 0.3, gzipRate: 0.4 })];
    files.push(...generateNdjsonFiles({ files: 2, linesPerFile: 50, poisonRate: 0, blankRate: 0, gzipRate: 0, seed: 4 })); // nothing to quarantine
    files.push(...generateNdjsonFiles({ files: 2, linesPerFile: 50, poisonRate: 0, blankRate: 0.1, gzipRate: 0, seed: 5 })); // blank lines only
    // The four poison-free files and some of the others (plain, nothing rejected) are checked only.
    for (const frozen of [[], [...GENERATED_EVENT_COLUMNS]]) for (const direct of await compare(files, frozen)) expect(direct).toBeGreaterThanOrEqual(4);
  });

  it('on edge cases, against declared columns and an inferred schema, with a non-UTF-8 file rolled back in between', async () => {
    const columns: SchemaColumn[] = [
      { name: 'n', type: 'BIGINT' },
      { name: 'd', type: 'DOUBLE' },
      { name: 's', type: 'VARCHAR' },
      { name: 'b', type: 'BOOLEAN' },
      { name: 'j', type: 'JSON' },
    ];
    const text = `\ufeff${LINES.join('\n')}\n${LINES.join('\r\n')}`;
    const notUtf8 = new Uint8Array([...Buffer.from('{"late":1}\n{"n":"'), 0xff, ...Buffer.from('"}\n')]);
    const files = [
      { key: '2026-01-01/a.ndjson', body: Buffer.from(text) },
      { key: '2026-01-01/b.ndjson', body: notUtf8 },
      { key: '2026-01-01/c.ndjson.gz', body: gzipSync(Buffer.from(text)) },
    ];
    await compare(files, columns);
    await compare(files, []);
  });

  it('on lines longer than its 1 MiB write buffer (a row and a rejected line of 2 MiB between short ones)', async () => {
    const big = 'é'.repeat(1 << 20);
    const text = ['{"s":"a"}', `{"s":"${big}"}`, '{"s":"b"}', `{"s":"${big}","n":"x"}`, '{"s":"c"}'].join('\n');
    await compare(
      [{ key: '2026-01-01/big.ndjson', body: Buffer.from(text) }],
      [
        { name: 's', type: 'VARCHAR' },
        { name: 'n', type: 'BIGINT' },
      ],
    );
  });
});
