import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { sqlPath } from '@medallion/duck';
import { buildDimAsset, buildDimMember, buildFactTransactions, buildTrendingStocks } from '../src/index';
import { TEST_MEMBERS } from './helpers/members';
import { writeSilver, type SilverTx } from './helpers/silver';
import { sha256, workspace, type Workspace } from './helpers/workdir';

const INGEST = '2025-04-01T00:00:00Z';
const D = 'P000197'; // Democrat
const R = 'R000002'; // Republican
const X = 'X000001'; // not in dim_member
const $1k = { amount_low: 1001, amount_high: 15000 }; // midpoint 8000.5
const $15k = { amount_low: 15001, amount_high: 50000 }; // 32500.5
const $50k = { amount_low: 50001, amount_high: 100000 }; // 75000.5

// as_of defaults to the latest trade (2025-03-31); 7d = after 03-24, 30d = after 03-01, 90d = after 2024-12-31.
const TRADES: SilverTx[] = [
  { transaction_id: '30000001-001', bioguide_id: D, ticker: 'AAPL', transaction_type: 'Purchase', transaction_date: '2025-03-31', ...$1k },
  { transaction_id: '30000001-002', bioguide_id: R, ticker: 'AAPL', transaction_type: 'Sale', transaction_date: '2025-03-28', ...$15k },
  { transaction_id: '30000001-003', bioguide_id: D, ticker: 'AAPL', transaction_type: 'Sale (Partial)', transaction_date: '2025-03-10', ...$1k },
  { transaction_id: '30000001-004', bioguide_id: R, ticker: 'AAPL', transaction_type: 'Purchase', transaction_date: '2025-01-15', ...$50k },
  { transaction_id: '30000001-005', bioguide_id: D, ticker: 'AAPL', transaction_type: 'Exchange', transaction_date: '2025-03-30', ...$1k },
  { transaction_id: '30000001-006', bioguide_id: D, ticker: 'AAPL', transaction_type: 'Purchase', transaction_date: '2024-12-31', ...$1k },
  {
    transaction_id: '30000001-007',
    bioguide_id: X,
    ticker: 'AAPL',
    transaction_type: 'Purchase',
    transaction_date: '2025-03-25',
    amount_low: 5000,
    amount_high: 5000,
  },
  {
    transaction_id: '30000002-001',
    bioguide_id: D,
    ticker: 'MSFT',
    transaction_type: 'Purchase',
    transaction_date: '2025-03-29',
    amount_low: 50000001,
    amount_high: null,
  },
  {
    transaction_id: '30000002-002',
    bioguide_id: D,
    ticker: null,
    asset_name: 'Muni bond',
    transaction_type: 'Purchase',
    transaction_date: '2025-03-30',
    ...$1k,
  },
];

let ws: Workspace;
let dimMemberFile: string;

beforeEach(async () => {
  ws = await workspace();
  dimMemberFile = ws.path('dim_member.parquet');
  await buildDimMember(ws.duck, { legislators: TEST_MEMBERS, outFile: dimMemberFile, ingestTs: INGEST });
});
afterEach(async () => {
  await ws.close();
});

async function facts(trades: SilverTx[]): Promise<string> {
  const silver = await writeSilver(ws.duck, ws.path('silver/t.parquet'), trades);
  const dimAssetFile = ws.path('dim_asset.parquet');
  await buildDimAsset(ws.duck, { transactionsFiles: [silver], outFile: dimAssetFile });
  const outFile = ws.path('fact/batch=000001.parquet');
  await buildFactTransactions(ws.duck, {
    batchSeq: 1,
    batchTransactionsFiles: [silver],
    priorFactFiles: [],
    dimMemberFile,
    dimAssetFile,
    outFile,
    ingestTs: INGEST,
  });
  return outFile;
}

describe('buildTrendingStocks', () => {
  it('aggregates buys and sells per ticker over 7/30/90-day windows ending at the latest trade', async () => {
    await facts(TRADES);
    const outFile = ws.path('agg.parquet');
    const result = await buildTrendingStocks(ws.duck, { factGlob: ws.path('fact/*.parquet'), dimMemberFile, outFile });
    expect(result).toEqual({ rows: 6, asOfDate: '2025-03-31' });
    const rows = await ws.duck.all(`SELECT * FROM read_parquet(${sqlPath(outFile)})`);
    const aapl = { ticker: 'AAPL', as_of_date: '2025-03-31', rep_buy_volume: 0, dem_buy_volume: 8000.5, last_trade_date: '2025-03-31' };
    const msft = {
      ticker: 'MSFT',
      as_of_date: '2025-03-31',
      total_transactions: 1,
      total_volume: 50000001,
      buy_volume: 50000001,
      sell_volume: 0,
      net_volume: 50000001,
      num_buyers: 1,
      num_sellers: 0,
      dem_transactions: 1,
      rep_transactions: 0,
      dem_buy_volume: 50000001,
      rep_buy_volume: 0,
      sentiment_score: 1,
      first_trade_date: '2025-03-29',
      last_trade_date: '2025-03-29',
    };
    expect(rows).toEqual([
      {
        ...aapl,
        time_window: '7d',
        total_transactions: 3,
        total_volume: 45501,
        buy_volume: 13000.5,
        sell_volume: 32500.5,
        net_volume: -19500,
        num_buyers: 2,
        num_sellers: 1,
        dem_transactions: 1,
        rep_transactions: 1,
        sentiment_score: -19500 / 45501,
        first_trade_date: '2025-03-25',
      },
      {
        ...aapl,
        time_window: '30d',
        total_transactions: 4,
        total_volume: 53501.5,
        buy_volume: 13000.5,
        sell_volume: 40501,
        net_volume: -27500.5,
        num_buyers: 2,
        num_sellers: 2,
        dem_transactions: 2,
        rep_transactions: 1,
        sentiment_score: -27500.5 / 53501.5,
        first_trade_date: '2025-03-10',
      },
      {
        ...aapl,
        time_window: '90d',
        total_transactions: 5,
        total_volume: 128502,
        buy_volume: 88001,
        sell_volume: 40501,
        net_volume: 47500,
        num_buyers: 3,
        num_sellers: 2,
        dem_transactions: 2,
        rep_transactions: 2,
        rep_buy_volume: 75000.5,
        sentiment_score: 47500 / 128502,
        first_trade_date: '2025-01-15',
      },
      { ...msft, time_window: '7d' },
      { ...msft, time_window: '30d' },
      { ...msft, time_window: '90d' },
    ]);
    const columns = await ws.duck.all<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlPath(outFile)})`);
    expect(columns.map((c) => c.column_name)).toEqual([
      'ticker',
      'time_window',
      'as_of_date',
      'total_transactions',
      'total_volume',
      'buy_volume',
      'sell_volume',
      'net_volume',
      'num_buyers',
      'num_sellers',
      'dem_transactions',
      'rep_transactions',
      'dem_buy_volume',
      'rep_buy_volume',
      'sentiment_score',
      'first_trade_date',
      'last_trade_date',
    ]);
  });

  // A real 2025 House PTR dates a trade 09/19/2202: it became as_of and emptied every window.
  const TYPO_2202: SilverTx = {
    transaction_id: '30000003-001',
    bioguide_id: D,
    ticker: 'MSFT',
    transaction_type: 'Purchase',
    transaction_date: '2202-09-19',
    notification_date: '2025-03-30',
    ...$1k,
  };

  it('leaves trades with a suspect date out: the 2202 typo neither sets as_of nor counts', async () => {
    await facts([
      ...TRADES,
      { ...TYPO_2202, date_suspect_reason: 'future' },
      {
        transaction_id: '30000003-002',
        bioguide_id: D,
        ticker: 'AAPL',
        transaction_type: 'Purchase',
        transaction_date: '2025-03-30',
        notification_date: '2025-03-20',
        date_suspect_reason: 'after_notification',
        ...$50k,
      },
    ]);
    const outFile = ws.path('agg.parquet');
    const result = await buildTrendingStocks(ws.duck, { factGlob: ws.path('fact/*.parquet'), dimMemberFile, outFile, notAfter: '2025-04-01' });
    expect(result).toEqual({ rows: 6, asOfDate: '2025-03-31' });
    const rows = await ws.duck.all<{ ticker: string; time_window: string; total_transactions: number }>(
      `SELECT ticker, time_window, total_transactions FROM read_parquet(${sqlPath(outFile)})`,
    );
    // The same counts as without the two suspect trades (first test).
    expect(rows.map((r) => [r.ticker, r.time_window, r.total_transactions])).toEqual([
      ['AAPL', '7d', 3],
      ['AAPL', '30d', 4],
      ['AAPL', '90d', 5],
      ['MSFT', '7d', 1],
      ['MSFT', '30d', 1],
      ['MSFT', '90d', 1],
    ]);
    const facts2202 = await ws.duck.all(
      `SELECT transaction_date_key, date_suspect_reason FROM read_parquet(${sqlPath(ws.path('fact/*.parquet'))}) WHERE transaction_id = '30000003-001'`,
    );
    expect(facts2202).toEqual([{ transaction_date_key: 22020919, date_suspect_reason: 'future' }]); // kept in the facts, flag carried
  });

  it('never lets as_of pass the batch date, even for an unflagged 2202 trade', async () => {
    await facts([...TRADES, TYPO_2202]);
    const outFile = ws.path('agg.parquet');
    const result = await buildTrendingStocks(ws.duck, { factGlob: ws.path('fact/*.parquet'), dimMemberFile, outFile, notAfter: '2025-04-01' });
    expect(result.asOfDate).toBe('2025-03-31');
    expect(result.rows).toBe(6);
    const windows = await ws.duck.all<{ time_window: string }>(`SELECT DISTINCT time_window FROM read_parquet(${sqlPath(outFile)}) ORDER BY 1`);
    expect(windows.map((w) => w.time_window)).toEqual(['30d', '7d', '90d']);
    // Without the cap the typo sets as_of and every window holds nothing but the typo itself.
    const uncapped = await buildTrendingStocks(ws.duck, { factGlob: ws.path('fact/*.parquet'), dimMemberFile, outFile: ws.path('uncapped.parquet') });
    expect(uncapped).toEqual({ rows: 3, asOfDate: '2202-09-19' });
    expect(await ws.duck.scalar(`SELECT sum(total_transactions)::INTEGER FROM read_parquet(${sqlPath(ws.path('uncapped.parquet'))})`)).toBe(3);
  });

  it('takes the party from the member version valid on each trade date', async () => {
    const factFile = await facts([
      { transaction_id: '40000001-001', bioguide_id: 'V000133', ticker: 'VDT', transaction_type: 'Purchase', transaction_date: '2019-12-01', ...$1k },
      { transaction_id: '40000001-002', bioguide_id: 'V000133', ticker: 'VDT', transaction_type: 'Purchase', transaction_date: '2020-01-10', ...$15k },
      { transaction_id: '40000001-003', bioguide_id: 'V000133', ticker: 'VDT', transaction_type: 'Sale', transaction_date: '2025-03-01', ...$15k },
    ]);
    const outFile = ws.path('agg.parquet');
    const result = await buildTrendingStocks(ws.duck, { factFiles: [factFile], dimMemberFile, outFile, asOfDate: '2020-01-31' });
    expect(result).toEqual({ rows: 2, asOfDate: '2020-01-31' });
    const rows = await ws.duck.all(
      `SELECT time_window, dem_transactions, rep_transactions, dem_buy_volume, rep_buy_volume, sentiment_score FROM read_parquet(${sqlPath(outFile)})`,
    );
    expect(rows).toEqual([
      { time_window: '30d', dem_transactions: 0, rep_transactions: 1, dem_buy_volume: 0, rep_buy_volume: 32500.5, sentiment_score: 1 },
      { time_window: '90d', dem_transactions: 1, rep_transactions: 1, dem_buy_volume: 8000.5, rep_buy_volume: 32500.5, sentiment_score: 1 },
    ]);
  });

  it('can leave synthetic trades out, writes an empty table when there are no facts, and rebuilds byte-identical', async () => {
    const factFile = await facts(TRADES.map((t) => (t.ticker === 'MSFT' ? { ...t, is_synthetic: true } : t)));
    const real = ws.path('real.parquet');
    await buildTrendingStocks(ws.duck, { factFiles: [factFile], dimMemberFile, outFile: real, excludeSynthetic: true });
    expect(await ws.duck.all(`SELECT DISTINCT ticker FROM read_parquet(${sqlPath(real)})`)).toEqual([{ ticker: 'AAPL' }]);

    const a = ws.path('a.parquet');
    const b = ws.path('b.parquet');
    await buildTrendingStocks(ws.duck, { factFiles: [factFile], dimMemberFile, outFile: a });
    await buildTrendingStocks(ws.duck, { factGlob: factFile, dimMemberFile, outFile: b });
    expect(await sha256(a)).toBe(await sha256(b));

    const empty = ws.path('empty.parquet');
    expect(await buildTrendingStocks(ws.duck, { factGlob: ws.path('nothing/*.parquet'), dimMemberFile, outFile: empty })).toEqual({ rows: 0, asOfDate: null });
    expect(await ws.duck.scalar(`SELECT count(*) FROM read_parquet(${sqlPath(empty)})`)).toBe(0);
  });
});
