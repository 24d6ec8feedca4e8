import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { sqlPath } from '@medallion/duck';
import { buildDimAsset } from '../src/index';
import { surrogateKey } from '../src/keys';
import { writeSilver } from './helpers/silver';
import { sha256, workspace, type Workspace } from './helpers/workdir';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await ws.close();
});

describe('buildDimAsset', () => {
  it('keys assets by ticker, else upper-cased name, picking the most frequent name and type', async () => {
    await writeSilver(ws.duck, ws.path('silver/doc=1.parquet'), [
      { transaction_id: '1-001', ticker: 'NVDA', asset_name: 'NVIDIA Corporation', asset_type: 'ST' },
      { transaction_id: '1-002', ticker: ' nvda ', asset_name: 'NVIDIA Corp', asset_type: 'OP' },
      { transaction_id: '1-003', ticker: 'NVDA', asset_name: 'NVIDIA Corporation', asset_type: 'ST' },
    ]);
    await writeSilver(ws.duck, ws.path('silver/doc=2.parquet'), [
      { transaction_id: '2-001', ticker: null, asset_name: 'City of Austin Bond', asset_type: 'GS' },
      { transaction_id: '2-002', ticker: '', asset_name: 'CITY OF AUSTIN BOND', asset_type: null },
      { transaction_id: '2-003', ticker: null, asset_name: '  ', asset_type: null },
    ]);
    const outFile = ws.path('dim_asset.parquet');
    const result = await buildDimAsset(ws.duck, { transactionsGlob: ws.path('silver/*.parquet'), outFile });
    expect(result).toEqual({ rows: 2 });
    const rows = await ws.duck.all(`SELECT * FROM read_parquet(${sqlPath(outFile)})`);
    // Name tie (one spelling each): alphabetical, so the upper-case spelling wins.
    expect(rows).toEqual([
      { asset_key: surrogateKey('CITY OF AUSTIN BOND'), ticker: null, asset_name: 'CITY OF AUSTIN BOND', asset_type: 'GS' },
      { asset_key: surrogateKey('NVDA'), ticker: 'NVDA', asset_name: 'NVIDIA Corporation', asset_type: 'ST' },
    ]);
  });

  it('accepts a file list, an empty list, and rebuilds byte-identical', async () => {
    const f = await writeSilver(ws.duck, ws.path('silver/doc=1.parquet'), [
      { transaction_id: '1-001', ticker: 'AAPL' },
      { transaction_id: '1-002', ticker: 'MSFT' },
    ]);
    const a = ws.path('a.parquet');
    const b = ws.path('b.parquet');
    expect(await buildDimAsset(ws.duck, { transactionsFiles: [f], outFile: a })).toEqual({ rows: 2 });
    await buildDimAsset(ws.duck, { transactionsGlob: [f], outFile: b });
    expect(await sha256(a)).toBe(await sha256(b));
    const empty = ws.path('empty.parquet');
    expect(await buildDimAsset(ws.duck, { transactionsFiles: [], outFile: empty })).toEqual({ rows: 0 });
    const cols = await ws.duck.all(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${sqlPath(empty)}))`);
    expect(cols.map((c) => c.column_name)).toEqual(['asset_key', 'ticker', 'asset_name', 'asset_type']);
  });
});
