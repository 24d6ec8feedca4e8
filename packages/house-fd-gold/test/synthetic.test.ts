import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { sqlPath } from '@medallion/duck';
import {
  buildDimAsset,
  buildDimMember,
  buildFactTransactions,
  buildTrendingStocks,
  generateSyntheticSilverTransactions,
  syntheticMembersFrom,
} from '../src/index';
import { CLERK_AMOUNT_RANGES } from '../src/sql/synthetic.sql';
import { SILVER_TRANSACTIONS_SCHEMA } from '../src/schemas';
import { loadLegislatorsFixture } from './helpers/legislators';
import { sha256, workspace, type Workspace } from './helpers/workdir';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await ws.close();
});

const legislators = loadLegislatorsFixture();
const members = syntheticMembersFrom(legislators);

describe('generateSyntheticSilverTransactions', () => {
  it('writes deterministic, realistic silver transactions split across files on document boundaries', async () => {
    const a = await generateSyntheticSilverTransactions(ws.duck, { rows: 5000, outDir: ws.path('a'), members, files: 3, seed: 7 });
    const b = await generateSyntheticSilverTransactions(ws.duck, { rows: 5000, outDir: ws.path('b'), members, files: 3, seed: 7 });
    expect(a.files).toHaveLength(3);
    expect(await Promise.all(a.files.map(sha256))).toEqual(await Promise.all(b.files.map(sha256)));

    const all = `read_parquet(${sqlPath(ws.path('a/*.parquet'))}, filename = true)`;
    const columns = await ws.duck.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * EXCLUDE (filename) FROM ${all}`);
    expect(Object.fromEntries(columns.map((c) => [c.column_name, c.column_type]))).toEqual(SILVER_TRANSACTIONS_SCHEMA);

    const stats = await ws.duck.all(`SELECT count(*) AS n, count(DISTINCT transaction_id) AS ids, bool_and(is_synthetic) AS synthetic,
      bool_and(starts_with(doc_id, '99')) AS doc_prefix, count(DISTINCT transaction_type) AS types, count(DISTINCT ticker) AS tickers,
      count(*) FILTER (WHERE ticker IS NULL) > 0 AS some_without_ticker, count(*) FILTER (WHERE bioguide_id IS NULL) > 0 AS some_unmatched,
      min(transaction_date) >= DATE '2022-05-01' AND max(notification_date) < DATE '2025-07-01' AS dates_in_range,
      bool_and(transaction_date <= notification_date) AS trade_before_notice
      FROM ${all}`);
    expect(stats[0]).toEqual({
      n: 5000,
      ids: 5000,
      synthetic: true,
      doc_prefix: true,
      types: 4,
      tickers: expect.any(Number),
      some_without_ticker: true,
      some_unmatched: true,
      dates_in_range: true,
      trade_before_notice: true,
    });
    expect(stats[0].tickers as number).toBeGreaterThan(150);
    expect(stats[0].tickers as number).toBeLessThanOrEqual(500);

    const straddling = await ws.duck.scalar(`SELECT count(*) FROM (SELECT doc_id FROM ${all} GROUP BY doc_id HAVING count(DISTINCT filename) > 1)`);
    expect(straddling).toBe(0);

    const ids = new Set(members.map((m) => m.bioguide_id));
    const used = await ws.duck.all<{ bioguide_id: string }>(`SELECT DISTINCT bioguide_id FROM ${all} WHERE bioguide_id IS NOT NULL`);
    expect(used.every((r) => ids.has(r.bioguide_id))).toBe(true);

    const lows = new Set(CLERK_AMOUNT_RANGES.map((r) => r.low));
    const amounts = await ws.duck.all<{ amount_low: number; amount_high: number | null }>(`SELECT DISTINCT amount_low, amount_high FROM ${all}`);
    for (const { amount_low, amount_high } of amounts) {
      expect(lows.has(amount_low) || amount_low === amount_high).toBe(true);
    }
    // Zipf-like: the most popular ticker is far more common than the median one.
    const top = await ws.duck.all<{ n: number }>(`SELECT count(*) AS n FROM ${all} WHERE ticker IS NOT NULL GROUP BY ticker ORDER BY n DESC`);
    expect(top[0].n).toBeGreaterThan(10 * top[Math.floor(top.length / 2)].n);
  });

  it('feeds the whole gold build', async () => {
    const { files } = await generateSyntheticSilverTransactions(ws.duck, { rows: 3000, outDir: ws.path('silver'), members });
    expect(files).toHaveLength(8);
    const dimMemberFile = ws.path('dim_member.parquet');
    const dimAssetFile = ws.path('dim_asset.parquet');
    await buildDimMember(ws.duck, { legislators, outFile: dimMemberFile, ingestTs: '2025-07-01T00:00:00Z' });
    await buildDimAsset(ws.duck, { transactionsGlob: ws.path('silver/*.parquet'), outFile: dimAssetFile });
    const fact = await buildFactTransactions(ws.duck, {
      batchSeq: 1,
      batchTransactionsFiles: files,
      priorFactFiles: [],
      dimMemberFile,
      dimAssetFile,
      outFile: ws.path('fact/batch=000001.parquet'),
      ingestTs: '2025-07-01T00:00:00Z',
    });
    expect(fact.rowsOut).toBe(3000);
    expect(fact.unknownMembers).toBeGreaterThan(0);
    expect(fact.unknownMembers).toBeLessThan(1500);
    const trending = await buildTrendingStocks(ws.duck, { factGlob: ws.path('fact/*.parquet'), dimMemberFile, outFile: ws.path('agg.parquet') });
    expect(trending.rows).toBeGreaterThan(0);
    const check = await ws.duck.all(`SELECT bool_and(sentiment_score BETWEEN -1 AND 1) AS bounded, bool_and(total_volume = buy_volume + sell_volume) AS sums
      FROM read_parquet(${sqlPath(ws.path('agg.parquet'))})`);
    expect(check).toEqual([{ bounded: true, sums: true }]);
  });
});
