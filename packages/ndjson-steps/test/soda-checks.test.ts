/** soda/checks/silver_ndjson.yml passes on converted rows and fails on a line written twice or a bad source key. */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuck, writeRowsToParquet, type Duck } from '@medallion/duck';
import { scan } from '@medallion/quality';

const CHECKS = join(dirname(fileURLToPath(import.meta.url)), '../../../soda/checks/silver_ndjson.yml');
const COLUMNS = { _source_file: 'VARCHAR', _source_line: 'BIGINT', id: 'BIGINT', name: 'VARCHAR' };

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck({ threads: 1 });
});
afterAll(() => duck.close());

async function scanRows(rows: Record<string, unknown>[]) {
  const lake = mkdtempSync(join(tmpdir(), 'silver-ndjson-'));
  const dir = join(lake, 'silver/ndjson/date=2026-12-01');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'm-1-0.parquet');
  await writeRowsToParquet(duck, rows, COLUMNS, file, ['_source_file', '_source_line']);
  const result = await scan({ checksFiles: [CHECKS], tables: { silver_ndjson: [file] }, lakeDir: lake, now: '2026-12-01T12:00:00Z' });
  return result.checks.filter((c) => c.outcome !== 'pass').map((c) => c.name);
}

const row = (line: number, file = '2026-12-01/a.ndjson') => ({ _source_file: file, _source_line: line, id: line, name: `n${line}` });

describe('soda/checks/silver_ndjson.yml', () => {
  it('passes on converted rows', async () => {
    expect(await scanRows([row(1), row(2), row(1, '2026-12-01/b.ndjson.gz')])).toEqual([]);
  });

  it('fails on a line in Parquet twice and on a key outside the layout', async () => {
    const failing = await scanRows([row(1), row(1), row(3, '../etc/passwd')]);
    expect(failing).toEqual(
      expect.arrayContaining([
        'each input line lands in Parquet at most once (a re-run rewrites, never appends)',
        'source keys are <YYYY-MM-DD>/<name>.ndjson[.gz]',
      ]),
    );
  });
});
