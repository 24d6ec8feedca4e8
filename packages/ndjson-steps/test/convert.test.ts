import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { openDuck } from '@medallion/duck';
import { GENERATED_EVENT_COLUMNS } from '@medallion/ndjson';
import { convertManifest } from '../src/convert';
import { loadSchema } from '../src/schema-store';
import { generated, lakes, parquetLines, quarantineRecords, upload } from './helpers';

const key = (f: { file: string; line: number | null }) => `${f.file}#${f.line}`;

describe('convertManifest: every input line in Parquet exactly once or in quarantine exactly once', () => {
  it('counts every generated line (poison, blank, BOM, CRLF, gzip) and a re-run rewrites the same files', async () => {
    const { root, lake, input } = await lakes();
    const { files, manifestFiles } = await generated(input, {
      files: 12,
      linesPerFile: 300,
      poisonRate: 0.05,
      seed: 42,
      crlfRate: 0.3,
      bomRate: 0.3,
      gzipRate: 0.4,
    });
    const manifest = { manifest_id: 'm-0001', files: manifestFiles, bytes: manifestFiles.reduce((s, f) => s + f.size, 0) };
    const result = await convertManifest({ lake, input, chunkBytes: 64 * 1024 }, manifest);

    const expectedRows = files.reduce((s, f) => s + f.expected.rows, 0);
    const expectedBlank = files.reduce((s, f) => s + f.expected.blank, 0);
    const expectedQ: Record<string, number> = {};
    for (const f of files) for (const [r, n] of Object.entries(f.expected.quarantined)) expectedQ[r] = (expectedQ[r] ?? 0) + n!;
    expect(result).toMatchObject({
      manifestId: 'm-0001',
      files: 12,
      lines: 12 * 300,
      rowsWritten: expectedRows,
      blankLines: expectedBlank,
      quarantined: expectedQ,
    });
    expect(Object.keys(expectedQ).sort()).toEqual(['not_json', 'not_object', 'type_mismatch']);

    // Line by line: the Parquet rows and the quarantine records partition the non-blank lines, with no repeats.
    const rows = await parquetLines(root);
    const rejected = await quarantineRecords(lake);
    expect(rows).toHaveLength(expectedRows);
    expect(rejected).toHaveLength(Object.values(expectedQ).reduce((s, n) => s + n, 0));
    const all = [...rows.map(key), ...rejected.map(key)];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length + expectedBlank).toBe(12 * 300);
    for (const r of rejected)
      expect(r).toEqual(expect.objectContaining({ file: expect.stringMatching(/^2026-01-0[12]\//), line: expect.any(Number), raw: expect.any(String) }));

    // Partitioned by date, named by manifest; several chunks per date at this chunk size.
    expect(result.outputs.every((o) => /^silver\/ndjson\/date=2026-01-0[12]\/m-0001-\d+\.parquet$/.test(o))).toBe(true);
    expect(result.outputs.length).toBeGreaterThan(2);
    expect((await lake.list('quarantine/ndjson/')).map((o) => o.key)).toEqual([
      'quarantine/ndjson/date=2026-01-01/m-0001.ndjson',
      'quarantine/ndjson/date=2026-01-02/m-0001.ndjson',
    ]);

    // Inferred then frozen: the first manifest records the inference, including `experiment` from the later files.
    const schema = await loadSchema(lake);
    expect(schema?.changes.map((c) => c.source)).toEqual(['inferred']);
    expect(schema?.columns.find((c) => c.name === 'user_id')?.type).toBe('BIGINT');
    expect(schema?.columns.map((c) => c.name)).toContain('experiment');

    // A re-run (e.g. after a retry) rewrites the same objects: same keys, nothing doubled, no schema change.
    const before = (await lake.list('silver/ndjson/')).map((o) => o.key);
    const again = await convertManifest({ lake, input, chunkBytes: 64 * 1024 }, manifest);
    expect(again).toEqual({ ...result, schemaChanges: [] });
    expect((await lake.list('silver/ndjson/')).map((o) => o.key)).toEqual(before);
    expect(await parquetLines(root)).toHaveLength(expectedRows);
    expect(await quarantineRecords(lake)).toHaveLength(rejected.length);

    // A re-run with bigger chunks writes fewer files and removes its own older extras.
    const bigger = await convertManifest({ lake, input }, manifest);
    expect(bigger.outputs).toEqual(['silver/ndjson/date=2026-01-01/m-0001-0.parquet', 'silver/ndjson/date=2026-01-02/m-0001-0.parquet']);
    expect((await lake.list('silver/ndjson/')).map((o) => o.key)).toEqual(bigger.outputs);
    expect(await parquetLines(root)).toHaveLength(expectedRows);
  });

  it('quarantines whole a file that is not UTF-8 or not decompressible, keeping nothing from it', async () => {
    const { root, lake, input } = await lakes();
    const good = '{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n';
    const notUtf8 = Buffer.concat([Buffer.from('{"id":3,"only_here":true}\n{"id":4,"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    const gz = gzipSync(Buffer.from(good));
    const files = await upload(input, [
      { key: '2026-02-01/good.ndjson', body: good },
      { key: '2026-02-01/latin1.ndjson', body: new Uint8Array(notUtf8) },
      { key: '2026-02-01/truncated.ndjson.gz', body: new Uint8Array(gz.subarray(0, gz.length - 8)) },
      { key: '2026-02-01/plain-named-gz.ndjson.gz', body: good },
    ]);
    const result = await convertManifest({ lake, input }, { manifest_id: 'm-bad', files, bytes: 1 });
    expect(result).toMatchObject({ lines: 2, rowsWritten: 2, blankLines: 0, quarantined: { not_utf8: 1, not_decompressible: 2 } });
    expect(result.schemaChanges.map((c) => c.name)).toEqual(['id', 'name']); // only_here was rolled back with its file
    const records = await quarantineRecords(lake);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: '2026-02-01/latin1.ndjson', line: null, reason: 'not_utf8', raw: null }),
        expect.objectContaining({ file: '2026-02-01/truncated.ndjson.gz', line: null, reason: 'not_decompressible' }),
      ]),
    );
    expect(records).toHaveLength(3);
    expect(await parquetLines(root)).toHaveLength(2);
  });

  it('evolves a declared schema: new fields become nullable columns (recorded), wrong types are quarantined', async () => {
    const { root, lake, input } = await lakes();
    const deps = { lake, input, declaredSchema: [...GENERATED_EVENT_COLUMNS], now: () => new Date('2026-03-01T00:00:00Z') };
    const first = await upload(input, [{ key: '2026-03-01/a.ndjson', body: '{"event_id":"e1","user_id":1}\n' }]);
    expect((await convertManifest(deps, { manifest_id: 'm1', files: first, bytes: 1 })).schemaChanges).toEqual([]);
    const second = await upload(input, [
      {
        key: '2026-03-01/b.ndjson',
        body: '{"event_id":"e2","user_id":"u-2"}\r\n{"event_id":"e3","user_id":3,"region":"eu","retries":2}\r\n\r\n{"event_id":"e4","retries":2.5}\r\n',
      },
    ]);
    const result = await convertManifest(deps, { manifest_id: 'm2', files: second, bytes: 1 });
    expect(result).toMatchObject({
      lines: 4,
      rowsWritten: 2,
      blankLines: 1,
      quarantined: { type_mismatch: 1 },
      schemaChanges: [
        { name: 'region', type: 'VARCHAR' },
        { name: 'retries', type: 'DOUBLE' },
      ],
    });
    const schema = await loadSchema(lake);
    expect(schema?.changes.map((c) => [c.version, c.source, c.manifest_id, c.added.length])).toEqual([
      [1, 'declared', 'm1', GENERATED_EVENT_COLUMNS.length],
      [2, 'new_fields', 'm2', 2],
    ]);
    const duck = await openDuck();
    const rows = await duck.all(
      `SELECT event_id, user_id, region, retries FROM read_parquet('${join(root, 'lake')}/silver/ndjson/date=2026-03-01/*.parquet', union_by_name = true) ORDER BY event_id`,
    );
    duck.close();
    expect(rows).toEqual([
      { event_id: 'e1', user_id: 1, region: null, retries: null },
      { event_id: 'e3', user_id: 3, region: 'eu', retries: 2 },
      { event_id: 'e4', user_id: null, region: null, retries: 2.5 },
    ]);
    expect(await quarantineRecords(lake)).toEqual([
      {
        file: '2026-03-01/b.ndjson',
        line: 1,
        reason: 'type_mismatch',
        raw: '{"event_id":"e2","user_id":"u-2"}',
        detail: 'column user_id is BIGINT, got VARCHAR',
      },
    ]);
  });

  it('refuses a bad manifest id, a key outside the layout and a missing object', async () => {
    const { lake, input } = await lakes();
    const file = { date_prefix: '2026-01-01', file_key: '2026-01-01/x.ndjson', size: 1, etag: '' };
    await expect(convertManifest({ lake, input }, { manifest_id: '../x', files: [file], bytes: 1 })).rejects.toThrow(/invalid manifest_id/);
    await expect(convertManifest({ lake, input }, { manifest_id: 'm', files: [{ ...file, file_key: '../etc/passwd' }], bytes: 1 })).rejects.toThrow(
      /invalid NDJSON object key/,
    );
    await expect(convertManifest({ lake, input }, { manifest_id: 'm', files: [{ ...file, date_prefix: '2026-01-02' }], bytes: 1 })).rejects.toThrow(
      /not under date_prefix/,
    );
    await expect(convertManifest({ lake, input }, { manifest_id: 'm', files: [file], bytes: 1 })).rejects.toThrow(/missing/);
    await expect(convertManifest({ lake, input }, { manifest_id: 'm', files: [file, file], bytes: 1 })).rejects.toThrow(/listed twice/);
    // A later file missing while an earlier chunk's COPY runs: the manifest fails cleanly, the COPY is waited for.
    const present = await upload(input, [
      { key: '2026-01-01/a.ndjson', body: '{"a":1}\n'.repeat(500) },
      { key: '2026-01-01/b.ndjson', body: '{"a":2}\n'.repeat(500) },
    ]);
    await expect(convertManifest({ lake, input, chunkBytes: 1 }, { manifest_id: 'm', files: [...present, file], bytes: 1 })).rejects.toThrow(/missing/);
  });
});

describe('lines JSON.parse accepts but DuckDB refuses', () => {
  it('quarantines lone surrogate escapes and repeated fields instead of failing the manifest', async () => {
    const { root, lake, input } = await lakes();
    const lines = [
      '{"a":"ok"}',
      '{"a":"\\ud800x"}', // lone high surrogate
      '{"a":"\\udc00"}', // lone low surrogate
      '{"a":"\\ud83d\\ude00 pair"}', // a proper pair: fine
      '{"a":"\\\\ud800 is text"}', // an escaped backslash, then text: fine
      '{"a":"dup","a":"dup2"}', // repeated field
      '{"a":"last"}',
    ];
    const files = await upload(input, [{ key: '2026-04-01/edge.ndjson', body: `${lines.join('\n')}\n` }]);
    const result = await convertManifest({ lake, input, declaredSchema: [{ name: 'a', type: 'VARCHAR' }] }, { manifest_id: 'm-edge', files, bytes: 1 });
    expect(result).toMatchObject({ lines: 7, rowsWritten: 4, quarantined: { not_json: 3 } });
    const rejected = await quarantineRecords(lake);
    expect(rejected.map((r) => [r.line, r.raw])).toEqual([
      [2, lines[1]],
      [3, lines[2]],
      [6, lines[5]],
    ]);
    expect(rejected[2]?.detail).toMatch(/^refused by DuckDB: /);
    expect((await parquetLines(root)).map((r) => r.line).sort()).toEqual([1, 4, 5, 7]);
  });
});

describe('parseMemoryLimit', () => {
  it('reads the spellings NDJSON_MEMORY_LIMIT accepts and refuses others in one line', async () => {
    const { parseMemoryLimit } = await import('../src/convert');
    expect([parseMemoryLimit('512MB'), parseMemoryLimit('1.5GiB'), parseMemoryLimit('2 gb')]).toEqual([512e6, 1.5 * 2 ** 30, 2e9]);
    for (const bad of ['lots', ' 2GB', '1TB']) expect(() => parseMemoryLimit(bad)).toThrow(`memory limit ${JSON.stringify(bad)} is not like 512MB or 2GB`);
  });
});
