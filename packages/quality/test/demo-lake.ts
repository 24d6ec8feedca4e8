/**
 * Builds a small medallion lake from the real fixtures (see fixtures/README.md) following the
 * platform contracts: silver filings (two batches), silver transactions (one file per PTR),
 * dim_member (SCD2 with the unknown member -1), dim_asset, facts per batch and trending.
 * `corrupt` seeds known defects so tests can prove the checks catch them.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqlPath, type Duck } from '@medallion/duck';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const INGEST_TS = '2025-03-12 06:00:00';

export type Corruption =
  | 'unknown-filing-types'
  | 'duplicate-transaction'
  | 'bad-transaction-type'
  | 'orphan-fact-member'
  | 'sentiment-out-of-range'
  | 'two-current-member-rows'
  | 'blank-member-party'
  | 'unflagged-suspect-date'
  | 'unknown-suspect-reason';

/** Real shapes the clean demo data lacks; the checks must accept them. */
export type Variation =
  /** A real (not synthetic) filing and transaction whose DocID happens to start with 99. */
  | 'real-docid-starting-99'
  /** Former members from congress.gov whose parties are Libertarian and Independent Democrat. */
  | 'former-member-parties';

/** The demo lake's datasets as house_fd declares them (packages/house-fd-steps/src/datasets.ts). */
export const DEMO_DATASETS: Record<string, string> = {
  silver_filings: 'silver/house_fd/filings/*.parquet',
  silver_transactions: 'silver/house_fd/transactions/*.parquet',
  dim_member: 'gold/house_fd/dim_member/dim_member.parquet',
  dim_asset: 'gold/house_fd/dim_asset/dim_asset.parquet',
  fact_ptr_transactions: 'gold/house_fd/fact_ptr_transactions/*.parquet',
  agg_trending_stocks: 'gold/house_fd/agg_trending_stocks/agg_trending_stocks.parquet',
};

const key = (expr: string) => `('0x' || substr(md5(${expr}), 1, 15))::BIGINT`;

async function copyTo(duck: Duck, select: string, file: string) {
  await mkdir(dirname(file), { recursive: true });
  await duck.run(`COPY (${select}) TO ${sqlPath(file)} (FORMAT parquet, COMPRESSION zstd)`);
}

export async function buildDemoLake(duck: Duck, options: { dir?: string; corrupt?: Corruption[]; vary?: Variation[] } = {}): Promise<string> {
  const lake = options.dir ?? (await mkdtemp(join(tmpdir(), 'quality-lake-')));
  const corrupt = new Set(options.corrupt ?? []);
  const vary = new Set(options.vary ?? []);
  await duck.run(
    `CREATE OR REPLACE TEMP TABLE demo_idx AS SELECT * FROM read_json(${sqlPath(join(FIXTURES, 'house-fd-2025-index-sample.json'))}, columns = {Prefix: 'VARCHAR', Last: 'VARCHAR', First: 'VARCHAR', Suffix: 'VARCHAR', FilingType: 'VARCHAR', StateDst: 'VARCHAR', Year: 'VARCHAR', FilingDate: 'VARCHAR', DocID: 'VARCHAR'})`,
  );
  await duck.run(`CREATE OR REPLACE TEMP TABLE demo_filings AS
    SELECT DocID AS doc_id, CAST(Year AS INTEGER) AS year, FilingType AS filing_type, NULLIF(Prefix, '') AS prefix, Last AS last_name,
      First AS first_name, NULLIF(Suffix, '') AS suffix, trim(First || ' ' || Last) AS filer_name, StateDst AS state_district,
      NULLIF(left(StateDst, 2), '') AS state, TRY_CAST(substr(StateDst, 3) AS INTEGER) AS district,
      CAST(TRY_STRPTIME(NULLIF(FilingDate, ''), '%m/%d/%Y') AS DATE) AS filing_date,
      CASE DocID WHEN '20026590' THEN 'P000197' WHEN '20027933' THEN 'G000596' END AS bioguide_id,
      1 AS batch_seq, false AS is_synthetic, TIMESTAMP '${INGEST_TS}' AS silver_ingest_ts
    FROM demo_idx
    UNION ALL
    SELECT '99000001', 2025, 'P', 'SYNTHETIC', 'Member', 'Synthetic', NULL, 'Synthetic Member', 'TX07', 'TX', 7, DATE '2025-03-10', NULL, 2, true, TIMESTAMP '${INGEST_TS}'`);
  if (vary.has('real-docid-starting-99')) {
    await duck.run(`INSERT INTO demo_filings SELECT '99123456', year, filing_type, prefix, last_name, first_name, suffix, filer_name, state_district, state, district,
      filing_date, bioguide_id, batch_seq, false, silver_ingest_ts FROM demo_filings WHERE doc_id = '20026590'`);
  }
  if (corrupt.has('unknown-filing-types')) await duck.run(`UPDATE demo_filings SET filing_type = 'Z' || filing_type WHERE filing_type IN ('C', 'X')`);
  for (const seq of [1, 2]) {
    await copyTo(duck, `SELECT * FROM demo_filings WHERE batch_seq = ${seq} ORDER BY doc_id`, join(lake, `silver/house_fd/filings/batch=00000${seq}.parquet`));
  }

  await duck.run(`CREATE OR REPLACE TEMP TABLE demo_tx AS SELECT transaction_id, doc_id, CAST(filing_date AS DATE) AS filing_date, bioguide_id, filer_name, state_district, owner,
      asset_name, ticker, asset_type, transaction_type, CAST(transaction_date AS DATE) AS transaction_date, CAST(notification_date AS DATE) AS notification_date,
      CAST(amount_low AS BIGINT) AS amount_low, CAST(amount_high AS BIGINT) AS amount_high, description, subholding_of, NULL::VARCHAR AS date_suspect_reason, is_synthetic, TIMESTAMP '${INGEST_TS}' AS silver_ingest_ts
    FROM read_json(${sqlPath(join(FIXTURES, 'ptr-transactions-sample.json'))}, columns = {transaction_id: 'VARCHAR', doc_id: 'VARCHAR', filing_date: 'VARCHAR', bioguide_id: 'VARCHAR',
      filer_name: 'VARCHAR', state_district: 'VARCHAR', owner: 'VARCHAR', asset_name: 'VARCHAR', ticker: 'VARCHAR', asset_type: 'VARCHAR', transaction_type: 'VARCHAR',
      transaction_date: 'VARCHAR', notification_date: 'VARCHAR', amount_low: 'BIGINT', amount_high: 'BIGINT', description: 'VARCHAR', subholding_of: 'VARCHAR', is_synthetic: 'BOOLEAN'})`);
  if (vary.has('real-docid-starting-99')) {
    await duck.run(
      `INSERT INTO demo_tx SELECT * REPLACE ('99123456-001' AS transaction_id, '99123456' AS doc_id, false AS is_synthetic) FROM demo_tx WHERE transaction_id = '20026590-001'`,
    );
  }
  if (corrupt.has('bad-transaction-type')) await duck.run(`UPDATE demo_tx SET transaction_type = 'P' WHERE transaction_id = '20027933-001'`);
  // The real 09/19/2202 typo, without the flag silver gives it.
  if (corrupt.has('unflagged-suspect-date')) await duck.run(`UPDATE demo_tx SET transaction_date = DATE '2202-09-19' WHERE transaction_id = '20027933-001'`);
  if (corrupt.has('unknown-suspect-reason')) await duck.run(`UPDATE demo_tx SET date_suspect_reason = 'typo' WHERE transaction_id = '20027933-002'`);
  if (corrupt.has('duplicate-transaction')) await duck.run(`INSERT INTO demo_tx SELECT * FROM demo_tx WHERE transaction_id = '20026590-003'`);
  for (const { doc_id } of await duck.all<{ doc_id: string }>(`SELECT DISTINCT doc_id FROM demo_tx ORDER BY doc_id`)) {
    await copyTo(
      duck,
      `SELECT * FROM demo_tx WHERE doc_id = '${doc_id}' ORDER BY transaction_id`,
      join(lake, `silver/house_fd/transactions/doc_id=${doc_id}.parquet`),
    );
  }

  await duck.run(`CREATE OR REPLACE TEMP TABLE demo_dim_member AS
    SELECT ${key("bioguide_id || '|' || CAST(valid_from AS VARCHAR)")} AS member_key, bioguide_id, full_name, party, state, district, valid_from, valid_to, valid_to = DATE '9999-12-31' AS is_current
    FROM (VALUES
      ('P000197', 'Nancy Pelosi', 'Democrat', 'CA', 8, DATE '1987-06-02', DATE '2013-01-03'),
      ('P000197', 'Nancy Pelosi', 'Democrat', 'CA', 12, DATE '2013-01-03', DATE '2023-01-03'),
      ('P000197', 'Nancy Pelosi', 'Democrat', 'CA', 11, DATE '2023-01-03', DATE '9999-12-31'),
      ('G000596', 'Marjorie Taylor Greene', 'Republican', 'GA', 14, DATE '2021-01-03', DATE '9999-12-31'),
      ('S000033', 'Bernard Sanders', 'Independent', 'VT', NULL, DATE '2007-01-04', DATE '9999-12-31')
    ) AS m(bioguide_id, full_name, party, state, district, valid_from, valid_to)
    UNION ALL SELECT -1, NULL, 'Unknown member', NULL, NULL, NULL, DATE '1900-01-01', DATE '9999-12-31', true`);
  if (vary.has('former-member-parties')) {
    await duck.run(`INSERT INTO demo_dim_member SELECT ${key("bioguide_id || '|' || CAST(valid_from AS VARCHAR)")}, bioguide_id, full_name, party, state, district, valid_from, valid_to, false
      FROM (VALUES ('A000367', 'Justin Amash', 'Libertarian', 'MI', 3, DATE '2011-01-03', DATE '2021-01-03'),
                   ('L000304', 'Joseph I. Lieberman', 'Independent Democrat', 'CT', NULL, DATE '1989-01-03', DATE '2013-01-03'))
        AS m(bioguide_id, full_name, party, state, district, valid_from, valid_to)`);
  }
  if (corrupt.has('blank-member-party')) await duck.run(`UPDATE demo_dim_member SET party = '' WHERE bioguide_id = 'G000596'`);
  if (corrupt.has('two-current-member-rows'))
    await duck.run(`UPDATE demo_dim_member SET is_current = true, valid_to = DATE '9999-12-31' WHERE bioguide_id = 'P000197' AND district = 12`);
  await copyTo(duck, 'SELECT * FROM demo_dim_member ORDER BY member_key', join(lake, 'gold/house_fd/dim_member/dim_member.parquet'));

  await duck.run(`CREATE OR REPLACE TEMP TABLE demo_dim_asset AS
    SELECT ${key('coalesce(ticker, asset_name)')} AS asset_key, ticker, min(asset_name) AS asset_name, min(asset_type) AS asset_type
    FROM demo_tx GROUP BY ticker, coalesce(ticker, asset_name)`);
  await copyTo(duck, 'SELECT * FROM demo_dim_asset ORDER BY asset_key', join(lake, 'gold/house_fd/dim_asset/dim_asset.parquet'));

  await duck.run(`CREATE OR REPLACE TEMP TABLE demo_fact AS
    SELECT ${key('t.transaction_id')} AS transaction_key, t.transaction_id, t.doc_id, coalesce(m.member_key, -1) AS member_key, a.asset_key,
      CAST(strftime(t.transaction_date, '%Y%m%d') AS INTEGER) AS transaction_date_key, t.bioguide_id, t.ticker, t.transaction_type,
      t.amount_low, t.amount_high, CASE WHEN t.amount_high IS NULL THEN t.amount_low ELSE (t.amount_low + t.amount_high) / 2 END AS amount_midpoint,
      date_diff('day', t.transaction_date, t.notification_date) AS days_to_notification, t.date_suspect_reason, TIMESTAMP '${INGEST_TS}' AS gold_ingest_ts,
      CASE WHEN t.is_synthetic THEN 2 ELSE 1 END AS batch_seq
    FROM demo_tx AS t
    LEFT JOIN demo_dim_member AS m ON m.bioguide_id = t.bioguide_id AND m.is_current
    JOIN demo_dim_asset AS a ON a.asset_key = ${key('coalesce(t.ticker, t.asset_name)')}`);
  if (corrupt.has('orphan-fact-member')) await duck.run(`UPDATE demo_fact SET member_key = 42 WHERE transaction_id = '20027933-002'`);
  for (const seq of [1, 2]) {
    await copyTo(
      duck,
      `SELECT * EXCLUDE (batch_seq) FROM demo_fact WHERE batch_seq = ${seq} ORDER BY transaction_id`,
      join(lake, `gold/house_fd/fact_ptr_transactions/batch=00000${seq}.parquet`),
    );
  }

  // Trending counts purchases and sales (exchanges are neither), so buy + sell = total.
  await duck.run(`CREATE OR REPLACE TEMP TABLE demo_trending AS
    WITH f AS (SELECT f.*, CAST(strptime(CAST(transaction_date_key AS VARCHAR), '%Y%m%d') AS DATE) AS d, m.party FROM demo_fact AS f LEFT JOIN demo_dim_member AS m USING (member_key)
               WHERE ticker IS NOT NULL AND transaction_type <> 'Exchange'),
         latest AS (SELECT max(d) AS as_of_date FROM f),
         w AS (SELECT * FROM (VALUES ('7d', 7), ('30d', 30), ('90d', 90)) AS w(time_window, days))
    SELECT ticker, time_window, as_of_date, count(*) AS total_transactions, sum(amount_midpoint) AS total_volume,
      coalesce(sum(amount_midpoint) FILTER (WHERE transaction_type = 'Purchase'), 0) AS buy_volume,
      coalesce(sum(amount_midpoint) FILTER (WHERE transaction_type <> 'Purchase'), 0) AS sell_volume,
      coalesce(sum(amount_midpoint) FILTER (WHERE transaction_type = 'Purchase'), 0) - coalesce(sum(amount_midpoint) FILTER (WHERE transaction_type <> 'Purchase'), 0) AS net_volume,
      count(DISTINCT member_key) FILTER (WHERE transaction_type = 'Purchase') AS num_buyers, count(DISTINCT member_key) FILTER (WHERE transaction_type <> 'Purchase') AS num_sellers,
      count(*) FILTER (WHERE party = 'Democrat') AS dem_transactions, count(*) FILTER (WHERE party = 'Republican') AS rep_transactions,
      coalesce(sum(amount_midpoint) FILTER (WHERE party = 'Democrat' AND transaction_type = 'Purchase'), 0) AS dem_buy_volume,
      coalesce(sum(amount_midpoint) FILTER (WHERE party = 'Republican' AND transaction_type = 'Purchase'), 0) AS rep_buy_volume,
      (coalesce(sum(amount_midpoint) FILTER (WHERE transaction_type = 'Purchase'), 0) - coalesce(sum(amount_midpoint) FILTER (WHERE transaction_type <> 'Purchase'), 0)) / sum(amount_midpoint) AS sentiment_score,
      min(d) AS first_trade_date, max(d) AS last_trade_date
    FROM f, latest, w WHERE d > as_of_date - days
    GROUP BY ticker, time_window, as_of_date`);
  if (corrupt.has('sentiment-out-of-range')) await duck.run(`UPDATE demo_trending SET sentiment_score = 1.5 WHERE ticker = 'TSLA'`);
  await copyTo(duck, 'SELECT * FROM demo_trending ORDER BY ticker, time_window', join(lake, 'gold/house_fd/agg_trending_stocks/agg_trending_stocks.parquet'));
  for (const t of ['idx', 'filings', 'tx', 'dim_member', 'dim_asset', 'fact', 'trending']) await duck.run(`DROP TABLE IF EXISTS demo_${t}`);
  return lake;
}
