/**
 * Deterministic pseudo-random silver transactions, generated entirely inside DuckDB:
 * row i of range() is hashed with a per-attribute salt and the seed, so the same
 * (seed, i) always gives the same row, on any thread count. Expects temp tables
 * syn_members(member_rank, bioguide_id, filer_name, state_district) and
 * syn_tickers(ticker_rank, ticker, asset_name). Params: $lo, $hi (row range), $seed,
 * $start (DATE), $days, $n_members, $n_tickers, $ingest_ts.
 */

export const SYNTHETIC_ROWS_PER_DOC = 12;

/** The Clerk's amount ranges with how often each appears (cumulative); high null = "Over $50,000,000". */
export const CLERK_AMOUNT_RANGES: { low: number; high: number | null; cumulative: number }[] = [
  { low: 1001, high: 15000, cumulative: 0.62 },
  { low: 15001, high: 50000, cumulative: 0.8 },
  { low: 50001, high: 100000, cumulative: 0.88 },
  { low: 100001, high: 250000, cumulative: 0.94 },
  { low: 250001, high: 500000, cumulative: 0.97 },
  { low: 500001, high: 1000000, cumulative: 0.985 },
  { low: 1000001, high: 5000000, cumulative: 0.995 },
  { low: 5000001, high: 25000000, cumulative: 0.998 },
  { low: 25000001, high: 50000000, cumulative: 0.999 },
  { low: 50000001, high: null, cumulative: 1 },
];

export const SYNTHETIC_UNIFORM_MACRO_SQL = `
CREATE OR REPLACE TEMP MACRO syn_u01(x, salt, seed) AS (hash(x, salt, seed) % 1000000007)::DOUBLE / 1000000007`;

function amountCase(column: 'low' | 'high'): string {
  const branches = CLERK_AMOUNT_RANGES.slice(0, -1)
    .map((r) => `WHEN u_amount < ${r.cumulative} THEN ${r[column] ?? 'NULL'}`)
    .join(' ');
  const last = CLERK_AMOUNT_RANGES[CLERK_AMOUNT_RANGES.length - 1];
  return `CASE WHEN u_exact < 0.01 THEN exact_amount ${branches} ELSE ${last[column] ?? 'NULL'} END::BIGINT`;
}

export function syntheticTransactionsSelectSql(): string {
  const perDoc = SYNTHETIC_ROWS_PER_DOC;
  return `
WITH base AS (
  SELECT range AS i, range // ${perDoc} AS doc_no, range % ${perDoc} + 1 AS line_no FROM range($lo::BIGINT, $hi::BIGINT)
),
draws AS (
  SELECT *,
    syn_u01(doc_no, 1, $seed) AS u_member, syn_u01(doc_no, 2, $seed) AS u_unknown,
    syn_u01(doc_no, 3, $seed) AS u_notify, syn_u01(doc_no, 4, $seed) AS u_filing,
    syn_u01(i, 5, $seed) AS u_lag, syn_u01(i, 6, $seed) AS u_ticker, syn_u01(i, 7, $seed) AS u_no_ticker,
    syn_u01(i, 8, $seed) AS u_bond, syn_u01(i, 9, $seed) AS u_type, syn_u01(i, 10, $seed) AS u_amount,
    syn_u01(i, 11, $seed) AS u_owner, syn_u01(i, 12, $seed) AS u_option, syn_u01(i, 13, $seed) AS u_exact
  FROM base
),
picked AS (
  SELECT *,
    -- members: quadratic skew (a few members file most PTRs); tickers: P(rank r) ~ 1/r.
    least($n_members::BIGINT, 1 + floor(u_member * u_member * $n_members)::BIGINT) AS member_rank,
    least($n_tickers::BIGINT, floor(pow($n_tickers + 1, u_ticker))::BIGINT) AS ticker_rank,
    $start::DATE + floor(u_notify * $days)::INTEGER AS notification_date,
    -- about 1% of rows carry an exact dollar amount (low = high), as some real filings do
    (1000 + floor(u_exact * 100 * 99000))::BIGINT AS exact_amount
  FROM draws
)
SELECT
  '99' || lpad(doc_no::VARCHAR, 6, '0') || '-' || lpad(line_no::VARCHAR, 3, '0') AS transaction_id,
  '99' || lpad(doc_no::VARCHAR, 6, '0') AS doc_id,
  p.notification_date + floor(u_filing * 20)::INTEGER AS filing_date,
  CASE WHEN u_unknown < 0.02 THEN NULL ELSE m.bioguide_id END AS bioguide_id,
  m.filer_name,
  m.state_district,
  CASE WHEN u_owner < 0.5 THEN 'self' WHEN u_owner < 0.8 THEN 'SP' WHEN u_owner < 0.95 THEN 'JT' ELSE 'DC' END AS owner,
  CASE WHEN u_no_ticker < 0.08 THEN 'Synthetic Municipal Bond ' || (1 + floor(u_bond * 200))::INTEGER ELSE t.asset_name END AS asset_name,
  CASE WHEN u_no_ticker < 0.08 THEN NULL ELSE t.ticker END AS ticker,
  CASE WHEN u_no_ticker < 0.08 THEN 'GS' WHEN u_option < 0.05 THEN 'OP' ELSE 'ST' END AS asset_type,
  CASE WHEN u_type < 0.48 THEN 'Purchase' WHEN u_type < 0.78 THEN 'Sale' WHEN u_type < 0.95 THEN 'Sale (Partial)' ELSE 'Exchange' END AS transaction_type,
  p.notification_date - floor(u_lag * u_lag * 45)::INTEGER AS transaction_date,
  p.notification_date,
  ${amountCase('low')} AS amount_low,
  ${amountCase('high')} AS amount_high,
  NULL::VARCHAR AS description,
  NULL::VARCHAR AS subholding_of,
  NULL::VARCHAR AS date_suspect_reason, -- generated trades precede their notification, within the window
  true AS is_synthetic,
  $ingest_ts::TIMESTAMP AS silver_ingest_ts
FROM picked p
JOIN syn_members m USING (member_rank)
JOIN syn_tickers t USING (ticker_rank)
ORDER BY p.i`;
}
