import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { sqlPath } from '@medallion/duck';
import { buildDimAsset, buildDimMember, buildFactTransactions } from '../src/index';
import { surrogateKey } from '../src/keys';
import { TEST_MEMBERS } from './helpers/members';
import { writeSilver, type SilverTx } from './helpers/silver';
import { sha256, workspace, type Workspace } from './helpers/workdir';

const INGEST = '2025-03-02T06:00:00Z';
let ws: Workspace;
let dimMemberFile: string;
let dimAssetFile: string;

beforeEach(async () => {
  ws = await workspace();
  dimMemberFile = ws.path('dim_member.parquet');
  dimAssetFile = ws.path('dim_asset.parquet');
  await buildDimMember(ws.duck, { legislators: TEST_MEMBERS, outFile: dimMemberFile, ingestTs: INGEST });
});
afterEach(async () => {
  await ws.close();
});

const BATCH1: SilverTx[] = [
  { transaction_id: '20000001-001', bioguide_id: 'V000133', ticker: 'AAPL', transaction_date: '2019-06-03', notification_date: '2019-06-20' },
  {
    transaction_id: '20000001-002',
    bioguide_id: 'V000133',
    ticker: 'aapl ',
    transaction_type: 'Sale',
    transaction_date: '2020-01-10',
    notification_date: '2020-01-10',
    amount_low: 50000001,
    amount_high: null,
  },
  {
    transaction_id: '20000002-001',
    bioguide_id: 'Z999999',
    ticker: 'MSFT',
    transaction_date: '2024-05-01',
    notification_date: '2024-05-10',
    amount_low: 5000,
    amount_high: 5000,
  },
  {
    transaction_id: '20000002-002',
    bioguide_id: null,
    ticker: null,
    asset_name: 'City of Austin Bond',
    transaction_date: '2024-05-02',
    notification_date: '2024-05-10',
  },
  {
    transaction_id: '20000003-001',
    bioguide_id: 'P000197',
    ticker: 'NVDA',
    transaction_date: '2021-02-01',
    notification_date: '2021-02-10',
    is_synthetic: true,
  },
];

async function buildBatch(seq: number, files: string[], prior: string[], outName = `fact/batch=${String(seq).padStart(6, '0')}.parquet`) {
  const outFile = ws.path(outName);
  const result = await buildFactTransactions(ws.duck, {
    batchSeq: seq,
    batchTransactionsFiles: files,
    priorFactFiles: prior,
    dimMemberFile,
    dimAssetFile,
    outFile,
    ingestTs: INGEST,
  });
  return { outFile, result };
}

describe('buildFactTransactions', () => {
  it('writes exactly the fact columns, keyed to the member version valid on the trade date', async () => {
    const silver = await writeSilver(ws.duck, ws.path('silver/b1.parquet'), BATCH1);
    await buildDimAsset(ws.duck, { transactionsFiles: [silver], outFile: dimAssetFile });
    const { outFile, result } = await buildBatch(1, [silver], []);
    // Z999999 is not in dim_member, the bond has no bioguide id, P000197's trade predates her first term.
    expect(result).toEqual({ rowsIn: 5, rowsOut: 5, unknownMembers: 3 });

    const columns = await ws.duck.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlPath(outFile)})`);
    expect(columns.map((c) => `${c.column_name} ${c.column_type}`)).toEqual([
      'transaction_key BIGINT',
      'transaction_id VARCHAR',
      'doc_id VARCHAR',
      'member_key BIGINT',
      'asset_key BIGINT',
      'transaction_date_key INTEGER',
      'bioguide_id VARCHAR',
      'ticker VARCHAR',
      'transaction_type VARCHAR',
      'amount_low BIGINT',
      'amount_high BIGINT',
      'amount_midpoint DOUBLE',
      'days_to_notification INTEGER',
      'date_suspect_reason VARCHAR',
      'gold_ingest_ts TIMESTAMP',
      'is_synthetic BOOLEAN',
    ]);

    const rows = await ws.duck.all(`SELECT * FROM read_parquet(${sqlPath(outFile)})`);
    const democratVanDrew = surrogateKey('V000133|2019-01-03');
    const republicanVanDrew = surrogateKey('V000133|2019-12-19');
    expect(
      rows.map((r) => [
        r.transaction_id,
        r.member_key,
        r.asset_key,
        r.transaction_date_key,
        r.ticker,
        r.amount_midpoint,
        r.days_to_notification,
        r.is_synthetic,
      ]),
    ).toEqual([
      ['20000001-001', democratVanDrew, surrogateKey('AAPL'), 20190603, 'AAPL', 8000.5, 17, false],
      ['20000001-002', republicanVanDrew, surrogateKey('AAPL'), 20200110, 'AAPL', 50000001, 0, false],
      ['20000003-001', -1, surrogateKey('NVDA'), 20210201, 'NVDA', 8000.5, 9, true],
      ['20000002-001', -1, surrogateKey('MSFT'), 20240501, 'MSFT', 5000, 9, false],
      ['20000002-002', -1, surrogateKey('CITY OF AUSTIN BOND'), 20240502, null, 8000.5, 8, false],
    ]);
    expect(rows[0]).toMatchObject({
      transaction_key: surrogateKey('20000001-001'),
      doc_id: '20000001',
      bioguide_id: 'V000133',
      transaction_type: 'Purchase',
      amount_low: 1001,
      amount_high: 15000,
      gold_ingest_ts: '2025-03-02 06:00:00',
    });
  });

  it('uses -1 for assets missing from dim_asset', async () => {
    const silver = await writeSilver(ws.duck, ws.path('silver/b1.parquet'), BATCH1);
    await buildDimAsset(ws.duck, { transactionsFiles: [], outFile: dimAssetFile });
    const { outFile } = await buildBatch(1, [silver], []);
    expect(await ws.duck.all(`SELECT DISTINCT asset_key FROM read_parquet(${sqlPath(outFile)})`)).toEqual([{ asset_key: -1 }]);
  });

  it('adds only transactions not in earlier batches, re-runs byte-identically, and takes a document found twice from its latest file', async () => {
    const s1 = await writeSilver(ws.duck, ws.path('silver/b1.parquet'), BATCH1);
    const s2 = await writeSilver(ws.duck, ws.path('silver/b2.parquet'), [
      BATCH1[0], // re-extracted document from batch 1
      { transaction_id: '20000004-001', bioguide_id: 'R000002', ticker: 'TSLA', transaction_date: '2024-07-01', silver_ingest_ts: '2025-03-01 00:00:00' },
      { transaction_id: '20000004-002', bioguide_id: 'R000002', ticker: 'TSLA', transaction_date: '2024-07-02', silver_ingest_ts: '2025-03-01 00:00:00' },
    ]);
    // Document 20000004 again, re-extracted later with one row: the whole later extraction wins.
    const s2dup = await writeSilver(ws.duck, ws.path('silver/b2-dup.parquet'), [
      {
        transaction_id: '20000004-001',
        bioguide_id: 'R000002',
        ticker: 'TSLA',
        transaction_type: 'Sale',
        transaction_date: '2024-07-01',
        silver_ingest_ts: '2025-03-02 00:00:00',
      },
    ]);
    await buildDimAsset(ws.duck, { transactionsGlob: ws.path('silver/*.parquet'), outFile: dimAssetFile });
    const b1 = await buildBatch(1, [s1], []);
    const b2 = await buildBatch(2, [s2, s2dup], [b1.outFile]);
    expect(b2.result).toEqual({ rowsIn: 4, rowsOut: 1, unknownMembers: 0 });
    const rows = await ws.duck.all(`SELECT transaction_id, transaction_type, member_key FROM read_parquet(${sqlPath(b2.outFile)})`);
    expect(rows).toEqual([{ transaction_id: '20000004-001', transaction_type: 'Sale', member_key: surrogateKey('R000002|2023-01-03') }]);

    const first = await sha256(b2.outFile);
    const again = await buildBatch(2, [s2dup, s2], [b1.outFile]);
    expect(again.result).toEqual(b2.result);
    expect(await sha256(b2.outFile)).toBe(first);
    expect((await readdir(ws.path('fact'))).sort()).toEqual(['batch=000001.parquet', 'batch=000002.parquet']);
  });

  it('reads columns from the files, never from hive-style directory names in their paths', async () => {
    const silver = await writeSilver(ws.duck, ws.path('staged/doc_id=99999999/ticker=EVIL/t.parquet'), [BATCH1[0]]);
    await buildDimAsset(ws.duck, { transactionsFiles: [silver], outFile: dimAssetFile });
    const { outFile } = await buildBatch(1, [silver], []);
    expect(await ws.duck.all(`SELECT doc_id, ticker FROM read_parquet(${sqlPath(outFile)}, hive_partitioning = false)`)).toEqual([
      { doc_id: '20000001', ticker: 'AAPL' },
    ]);
  });

  it('refuses prior fact files from the same or a later batch', async () => {
    await buildDimAsset(ws.duck, { transactionsFiles: [], outFile: dimAssetFile });
    await expect(buildBatch(2, [], [ws.path('fact/batch=000002.parquet')])).rejects.toThrow(/not before batch 2/);
  });

  it('writes an empty file with the fact schema for an empty batch', async () => {
    await buildDimAsset(ws.duck, { transactionsFiles: [], outFile: dimAssetFile });
    const { outFile, result } = await buildBatch(3, [], []);
    expect(result).toEqual({ rowsIn: 0, rowsOut: 0, unknownMembers: 0 });
    expect(await ws.duck.scalar(`SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet(${sqlPath(outFile)}))`)).toBe(16);
  });
});
