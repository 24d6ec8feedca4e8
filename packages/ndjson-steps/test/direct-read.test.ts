import { describe, expect, it } from '@jest/globals';
import { copyFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openDuck } from '@medallion/duck';
import type { ObjectStore } from '@medallion/lake';
import { convertManifest, type ConvertDeps, type Manifest } from '../src/convert';
import { lakes, parquetLines, quarantineRecords, upload } from './helpers';

/**
 * A plain file whose every line is a row is read by DuckDB as it is (no clean copy): its rows must carry the same
 * lineage and values as when it is rewritten, beside rewritten files in the same chunk.
 */

/** Lines that say where they are: `n` is the line number, and fields named like DuckDB's virtual columns. */
const lines = (file: string, count: number, eol = '\n') =>
  Array.from({ length: count }, (_, i) => JSON.stringify({ n: i + 1, file_index: `${file}:${i + 1}`, ordinality: -1, o: 'x', c0: 'y', l: 0 })).join(eol) + eol;

const row = (file: string, n: number) => JSON.stringify({ n, file_index: `${file}:${n}` });

/** Every row's lineage and its own fields, in a stable order. */
async function rowsOf(root: string) {
  const duck = await openDuck();
  try {
    return await duck.all<Record<string, unknown>>(
      `SELECT _source_file, _source_line, n, file_index, ordinality, o, c0, l FROM read_parquet('${join(root, 'lake')}/silver/ndjson/*/*.parquet', union_by_name = true) ORDER BY ALL`,
    );
  } finally {
    duck.close();
  }
}

/** The input bucket as S3 is to the converter: stage() copies objects to a private directory. */
async function remoteLike(input: ObjectStore): Promise<{ store: ObjectStore; staging: string }> {
  const staging = await mkdtemp(join(tmpdir(), 'ndjson-staging-'));
  const store: ObjectStore = {
    ...input,
    uri: 's3://input-bucket/',
    async stage(keys) {
      const local = await input.stage(keys);
      return Promise.all(
        local.map(async (path, i) => {
          const copy = join(staging, keys[i]!);
          await mkdir(dirname(copy), { recursive: true });
          await copyFile(path, copy);
          return copy;
        }),
      );
    },
  };
  return { store, staging };
}

const stagedLeft = async (staging: string) => (await readdir(staging, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;

describe('direct reads of files whose every line is a row', () => {
  it('give the same rows and lineage as rewritten files, in one chunk with them, and staged copies are removed', async () => {
    const manifestOf = (files: Manifest['files']): Manifest => ({ manifest_id: 'm-direct', files, bytes: files.reduce((s, f) => s + f.size, 0) });
    const bodies = [
      { key: '2026-05-01/a.ndjson', body: lines('a', 40) }, // direct
      { key: '2026-05-01/b.ndjson.gz', body: gzipSync(lines('b', 30)) }, // gzip: rewritten
      { key: '2026-05-01/c.ndjson', body: `${lines('c', 10)}\n[1]\n${JSON.stringify({ n: 13, file_index: 'c:13' })}\n` }, // a blank and a poison line: rewritten
      { key: '2026-05-01/d.ndjson', body: `\ufeff${lines('d', 25, '\r\n')}` }, // BOM and CRLF: direct
      { key: '2026-05-01/e.ndjson', body: '' }, // nothing at all
      // Blank lines DuckDB skips (first, twice in a row, CRLF, last): direct, its rows' numbers shifted past them.
      { key: '2026-05-01/f.ndjson', body: ` \n${row('f', 2)}\n\t\n\n${row('f', 5)}\n${row('f', 6)}\r\n\r\n${row('f', 8)}\n  \n` },
      { key: '2026-05-01/g.ndjson', body: `${row('g', 1)}\n${row('g', 2)}\n\f\n${row('g', 4)}\n` }, // a blank line DuckDB refuses: rewritten
    ];
    const results = [];
    const outputs = [];
    for (const directRead of [true, false]) {
      const { root, lake, input } = await lakes();
      const { store, staging } = await remoteLike(input);
      const manifest = manifestOf(await upload(input, bodies));
      const deps: ConvertDeps = { lake, input: store, directRead };
      results.push(await convertManifest(deps, manifest));
      outputs.push(await rowsOf(root));
      expect(await stagedLeft(staging)).toBe(0);
      expect((await quarantineRecords(lake)).map((r) => [r.file, r.line, r.reason])).toEqual([['2026-05-01/c.ndjson', 12, 'not_object']]);
    }
    expect(results.map((r) => r.filesReadDirectly)).toEqual([3, 0]); // a, d and f
    expect({ ...results[0], filesReadDirectly: 0 }).toEqual(results[1]);
    expect(results[0]).toMatchObject({
      lines: 108 + 9 + 4,
      rowsWritten: 106 + 4 + 3,
      blankLines: 1 + 5 + 1,
      outputs: ['silver/ndjson/date=2026-05-01/m-direct-0.parquet'],
    });
    expect(outputs[0]).toEqual(outputs[1]);
    for (const row of outputs[0]!) {
      const file = String(row._source_file).slice(11, 12);
      expect(row).toMatchObject({ n: row._source_line, file_index: `${file}:${row._source_line}` });
    }
  });

  it('moves a line DuckDB refuses in a directly read file to quarantine, after rewriting that file', async () => {
    const { root, lake, input } = await lakes();
    const body = `{"a":"one"}\n{"a":"dup","a":"dup2"}\n{"a":"three"}\n`;
    const files = await upload(input, [
      { key: '2026-05-02/refused.ndjson', body },
      { key: '2026-05-02/fine.ndjson', body: '{"a":"x"}\n{"a":"y"}\n' },
    ]);
    const result = await convertManifest({ lake, input }, { manifest_id: 'm-refused', files, bytes: 1 });
    expect(result).toMatchObject({ lines: 5, rowsWritten: 4, quarantined: { not_json: 1 } });
    expect((await quarantineRecords(lake)).map((r) => [r.file, r.line, r.raw])).toEqual([['2026-05-02/refused.ndjson', 2, '{"a":"dup","a":"dup2"}']]);
    expect((await parquetLines(root)).map((r) => `${r.file}#${r.line}`).sort()).toEqual([
      '2026-05-02/fine.ndjson#1',
      '2026-05-02/fine.ndjson#2',
      '2026-05-02/refused.ndjson#1',
      '2026-05-02/refused.ndjson#3',
    ]);
  });

  it('converts files of objects without fields (no column to read them by)', async () => {
    const { root, lake, input } = await lakes();
    const files = await upload(input, [{ key: '2026-05-03/empty-objects.ndjson', body: '{}\n{ }\n{}\n' }]);
    const result = await convertManifest({ lake, input }, { manifest_id: 'm-empty', files, bytes: 1 });
    expect(result).toMatchObject({ lines: 3, rowsWritten: 3 });
    expect((await parquetLines(root)).map((r) => r.line).sort()).toEqual([1, 2, 3]);
  });
});
