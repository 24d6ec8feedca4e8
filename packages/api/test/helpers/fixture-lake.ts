/**
 * A small lake with real gold, built by @medallion/house-fd-gold's own builders from
 * hand-written silver: three members (one switches party), two batches, synthetic rows,
 * a suspect date, an unmatched filer and a trade without ticker.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDuck, writeRowsToParquet } from '@medallion/duck';
import {
  buildDimAsset,
  buildDimMember,
  buildFactTransactions,
  buildTrendingStocks,
  SILVER_TRANSACTIONS_SCHEMA,
  type MemberInput,
} from '@medallion/house-fd-gold';

export const LEGISLATORS: MemberInput[] = [
  {
    bioguide_id: 'A000001',
    full_name: 'Alice Adams',
    terms: [
      { type: 'rep', start: '2019-01-03', end: '2025-01-03', state: 'CA', district: 11, party: 'Democrat' },
      { type: 'rep', start: '2025-01-03', end: '2027-01-03', state: 'CA', district: 11, party: 'Independent' },
    ],
  },
  {
    bioguide_id: 'B000002',
    full_name: "Bob O'Brien",
    terms: [{ type: 'rep', start: '2023-01-03', end: '2027-01-03', state: 'TX', district: 7, party: 'Republican' }],
  },
  {
    bioguide_id: 'C000003',
    full_name: 'Carol Chen',
    terms: [{ type: 'sen', start: '2021-01-03', end: '2027-01-03', state: 'NY', district: null, party: 'Democrat' }],
  },
];

type Tx = [
  id: string,
  bioguide: string | null,
  ticker: string | null,
  type: string,
  date: string,
  low: number,
  high: number | null,
  extra?: Record<string, unknown>,
];

/** Batch 1 then batch 2 silver rows (doc id = the part of transaction_id before '-'). */
export const BATCHES: Tx[][] = [
  [
    ['10000001-001', 'A000001', 'AAPL', 'Purchase', '2024-12-20', 1001, 15000],
    ['10000001-002', 'A000001', 'MSFT', 'Sale', '2024-12-20', 15001, 50000],
    ['10000002-001', 'B000002', 'AAPL', 'Sale (Partial)', '2025-01-10', 50001, 100000],
    ['10000002-002', 'B000002', 'NVDA', 'Purchase', '2025-01-10', 1001, 15000, { owner: 'SP' }],
    ['10000003-001', 'C000003', 'AAPL', 'Purchase', '2025-02-03', 250001, 500000, { owner: 'JT' }],
    ['10000003-002', 'C000003', null, 'Purchase', '2025-02-03', 1001, 15000, { asset_name: 'US Treasury Bill' }],
  ],
  [
    ['10000004-001', 'A000001', 'AAPL', 'Sale', '2025-02-20', 1001, 15000],
    ['10000004-002', 'A000001', 'NVDA', 'Exchange', '2025-02-20', 1001, 15000],
    ['10000005-001', null, 'TSLA', 'Purchase', '2025-02-25', 1001, 15000],
    ['10000006-001', 'B000002', 'MSFT', 'Purchase', '2025-03-01', 50000001, null],
    ['10000007-001', 'B000002', 'GME', 'Purchase', '2025-03-02', 1001, 15000, { is_synthetic: true }],
    ['10000008-001', 'C000003', 'AAPL', 'Sale', '2202-09-19', 1001, 15000, { date_suspect_reason: 'future' }],
  ],
];

const BATCH_TS = ['2025-02-05T06:00:00Z', '2025-03-05T06:00:00Z'];

export const goldKey = {
  dimMember: 'gold/house_fd/dim_member/dim_member.parquet',
  dimAsset: 'gold/house_fd/dim_asset/dim_asset.parquet',
  trending: 'gold/house_fd/agg_trending_stocks/agg_trending_stocks.parquet',
  fact: (seq: number) => `gold/house_fd/fact_ptr_transactions/batch=${String(seq).padStart(6, '0')}.parquet`,
  silver: (seq: number) => `silver/house_fd/transactions/batch=${String(seq).padStart(6, '0')}.parquet`,
};

/** Build the fixture lake (batches 1..upTo) in a new temp dir; returns its path. */
export async function buildFixtureLake(upTo = 2, dir?: string): Promise<string> {
  const lake = dir ?? (await mkdtemp(join(tmpdir(), 'api-lake-')));
  const at = (key: string) => join(lake, key);
  const duck = await openDuck({ threads: 1 });
  try {
    for (const key of Object.values(goldKey)) if (typeof key === 'string') await mkdir(dirname(at(key)), { recursive: true });
    await mkdir(dirname(at(goldKey.fact(1))), { recursive: true });
    await mkdir(dirname(at(goldKey.silver(1))), { recursive: true });
    for (let seq = 1; seq <= upTo; seq++) {
      const rows = BATCHES[seq - 1]!.map(([id, bioguide, ticker, type, date, low, high, extra]) => ({
        transaction_id: id,
        doc_id: id.split('-')[0],
        filing_date: '2025-03-03',
        bioguide_id: bioguide,
        filer_name: 'Filer',
        state_district: null,
        owner: null,
        asset_name: ticker ? `${ticker} Common Stock` : null,
        ticker,
        asset_type: 'ST',
        transaction_type: type,
        transaction_date: date,
        notification_date: '2025-03-03',
        amount_low: low,
        amount_high: high,
        description: null,
        subholding_of: null,
        date_suspect_reason: null,
        is_synthetic: false,
        silver_ingest_ts: BATCH_TS[seq - 1]!.replace('T', ' ').replace('Z', ''),
        ...extra,
      }));
      await writeRowsToParquet(duck, rows, SILVER_TRANSACTIONS_SCHEMA, at(goldKey.silver(seq)), ['transaction_id']);
      const silverFiles = Array.from({ length: seq }, (_, i) => at(goldKey.silver(i + 1)));
      await buildDimMember(duck, { legislators: LEGISLATORS, outFile: at(goldKey.dimMember), ingestTs: BATCH_TS[seq - 1]! });
      await buildDimAsset(duck, { transactionsFiles: silverFiles, outFile: at(goldKey.dimAsset) });
      await buildFactTransactions(duck, {
        batchSeq: seq,
        batchTransactionsFiles: [at(goldKey.silver(seq))],
        priorFactFiles: Array.from({ length: seq - 1 }, (_, i) => at(goldKey.fact(i + 1))),
        dimMemberFile: at(goldKey.dimMember),
        dimAssetFile: at(goldKey.dimAsset),
        outFile: at(goldKey.fact(seq)),
        ingestTs: BATCH_TS[seq - 1]!,
      });
      await buildTrendingStocks(duck, {
        factFiles: Array.from({ length: seq }, (_, i) => at(goldKey.fact(i + 1))),
        dimMemberFile: at(goldKey.dimMember),
        notAfter: BATCH_TS[seq - 1]!.slice(0, 10),
        outFile: at(goldKey.trending),
      });
    }
    return lake;
  } finally {
    duck.close();
  }
}
