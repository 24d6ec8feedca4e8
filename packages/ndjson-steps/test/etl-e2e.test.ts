/**
 * `lake etl ingest` end to end with the real converter: generated NDJSON (gzip, CRLF, BOM, blank and poison
 * lines), every S3 event delivered 3 times; every input line ends in Parquet exactly once or in quarantine
 * exactly once (or is blank and counted), and a second run writes nothing.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDuck } from '@medallion/duck';
import { generateNdjsonFiles } from '@medallion/ndjson';
import { ingestDirectory } from '../src/local-etl';

it('puts every line in Parquet or quarantine exactly once with 3x delivery, and converts nothing on a re-run', async () => {
  const input = mkdtempSync(join(tmpdir(), 'ndjson-e2e-in-'));
  const lake = mkdtempSync(join(tmpdir(), 'ndjson-e2e-lake-'));
  const expected = { lines: 0, rows: 0, blank: 0, quarantined: 0 };
  for (const f of generateNdjsonFiles({ files: 24, linesPerFile: 30, poisonRate: 0.05, seed: 3 })) {
    mkdirSync(dirname(join(input, f.key)), { recursive: true });
    writeFileSync(join(input, f.key), f.body);
    expected.lines += f.expected.lines;
    expected.rows += f.expected.rows;
    expected.blank += f.expected.blank;
    expected.quarantined += Object.values(f.expected.quarantined).reduce((n, v) => n + (v ?? 0), 0);
  }

  const first = await ingestDirectory(input, lake, { deliveries: 3, limits: { maxFiles: 10 } });
  const quarantinedLines = Object.values(first.quarantined).reduce((n, v) => n + v, 0);
  expect({ lines: first.lines, rows: first.rowsWritten, blank: first.blankLines, quarantined: quarantinedLines }).toEqual(expected);
  // ⌈files / maxFiles⌉ manifests at least; concurrent pollers racing for the same pending files can make more, smaller ones.
  expect(first.manifests.failed).toBe(0);
  expect(first.manifests.succeeded).toBe(first.manifests.started);
  expect(first.manifests.started).toBeGreaterThanOrEqual(3);

  const duck = await openDuck({ threads: 1 });
  try {
    const glob = join(lake, 'silver/ndjson/date=*/*.parquet');
    const [counts] = await duck.all(
      `SELECT count(*)::INTEGER AS n, count(DISTINCT (_source_file, _source_line))::INTEGER AS distinct_lines FROM read_parquet('${glob}')`,
    );
    expect(counts).toEqual({ n: expected.rows, distinct_lines: expected.rows });
  } finally {
    duck.close();
  }
  const quarantineFiles = readdirSync(join(lake, 'quarantine/ndjson'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const records = quarantineFiles.flatMap((e) => readFileSync(join(e.parentPath, e.name), 'utf8').split('\n').filter(Boolean));
  expect(records).toHaveLength(expected.quarantined);

  const second = await ingestDirectory(input, lake);
  expect(second).toMatchObject({ registered: 0, lines: 0, rowsWritten: 0, manifests: { started: 0 } });
});
