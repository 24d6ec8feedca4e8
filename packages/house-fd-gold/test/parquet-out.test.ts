import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { sqlPath } from '@medallion/duck';
import { dateFromKey, normalizeIngestTs, writeParquetAtomically } from '../src/index';
import { dateKey } from '../src/timestamps';
import { workspace, type Workspace } from './helpers/workdir';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await ws.close();
});

describe('writeParquetAtomically', () => {
  it('writes through a temp file and renames it into place', async () => {
    const out = ws.path('t/x.parquet');
    expect(await writeParquetAtomically(ws.duck, 'SELECT range AS i, $label AS label FROM range(3) ORDER BY i', { label: 'a' }, out)).toBe(3);
    expect(await ws.duck.all(`SELECT * FROM read_parquet(${sqlPath(out)})`)).toEqual([0, 1, 2].map((i) => ({ i, label: 'a' })));
    expect(await readdir(ws.path('t'))).toEqual(['x.parquet']);
  });

  it('leaves the previous file untouched and no temp file behind when the query fails', async () => {
    const out = ws.path('x.parquet');
    await writeFile(out, 'previous');
    await expect(writeParquetAtomically(ws.duck, `SELECT error('boom') AS x FROM range(10)`, undefined, out)).rejects.toThrow(/boom/);
    expect(await readFile(out, 'utf8')).toBe('previous');
    expect(await readdir(ws.dir)).toEqual(['x.parquet']);
  });
});

describe('timestamps', () => {
  it('normalises batch timestamps to UTC TIMESTAMP text', () => {
    expect(normalizeIngestTs('2025-06-01T12:00:00Z')).toBe('2025-06-01 12:00:00.000');
    expect(normalizeIngestTs('2025-06-01T14:00:00+02:00')).toBe('2025-06-01 12:00:00.000');
    expect(normalizeIngestTs('2025-06-01 12:00:00')).toBe('2025-06-01 12:00:00.000');
    expect(normalizeIngestTs(new Date('2025-06-01T12:00:00Z'))).toBe('2025-06-01 12:00:00.000');
    expect(() => normalizeIngestTs('yesterday')).toThrow(/invalid ingestTs/);
  });

  it('converts dates to yyyymmdd keys and back', () => {
    expect(dateKey('2025-03-31')).toBe(20250331);
    expect(dateKey('2025-03-31', 90)).toBe(20241231);
    expect(dateFromKey(20240229)).toBe('2024-02-29');
  });
});
