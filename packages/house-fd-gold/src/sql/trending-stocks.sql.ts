import { sqlPath } from '@medallion/duck';
import { BUY_TYPES, SELL_TYPES, TRENDING_WINDOWS } from '../schemas';

const quoted = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/**
 * Latest trusted trade date in the facts, as a yyyymmdd key (null when there are none). Trades
 * with a suspect date never count, and neither does anything after notAfterKey (the batch's
 * own date as a yyyymmdd integer; 99991231 when there is no cap).
 */
export function maxTransactionDateKeySql(factSource: string, notAfterKey = 99991231): string {
  if (!Number.isInteger(notAfterKey)) throw new Error(`notAfterKey must be a yyyymmdd integer, got ${notAfterKey}`);
  return `SELECT max(transaction_date_key) AS max_key FROM ${factSource}
WHERE date_suspect_reason IS NULL AND transaction_date_key <= ${notAfterKey}`;
}

/**
 * agg_trending_stocks: per ticker and window (as_of - N days, as_of], buys (Purchase) against
 * sells (Sale, Sale (Partial)); Exchange rows, rows without a ticker and trades whose date silver
 * flagged as suspect (date_suspect_reason: a 2202 typo, a trade after its notification) are not counted.
 * Party comes from the dim_member version valid on the trade date.
 *
 * Volumes are summed as exact integers (2 x midpoint = low + high) and halved at the end:
 * a parallel floating-point sum could differ in the last bit between runs and the file
 * must be byte-identical. Params: $as_of (DATE), $from_key and $to_key (yyyymmdd INTEGER of
 * as_of - 90 days and as_of: plain constants so parquet row groups outside the widest window
 * are skipped).
 */
export function trendingStocksSelectSql(factSource: string, dimMemberFile: string, options: { excludeSynthetic: boolean }): string {
  const windows = TRENDING_WINDOWS.map((w) => `('${w.label}', ${w.days})`).join(', ');
  return `
WITH trades AS (
  SELECT
    f.ticker,
    f.bioguide_id,
    f.transaction_type IN (${quoted(BUY_TYPES)}) AS is_buy,
    f.amount_low + coalesce(f.amount_high, f.amount_low) AS double_midpoint,
    make_date(f.transaction_date_key // 10000, f.transaction_date_key // 100 % 100, f.transaction_date_key % 100) AS trade_date
  FROM ${factSource} f
  WHERE f.ticker IS NOT NULL
    AND f.transaction_type IN (${quoted([...BUY_TYPES, ...SELL_TYPES])})
    AND f.date_suspect_reason IS NULL
    AND f.transaction_date_key > $from_key::INTEGER AND f.transaction_date_key <= $to_key::INTEGER
    ${options.excludeSynthetic ? 'AND NOT coalesce(f.is_synthetic, false)' : ''}
),
members AS (
  SELECT bioguide_id, party, valid_from, valid_to FROM read_parquet(${sqlPath(dimMemberFile)}, hive_partitioning = false)
),
with_party AS (
  SELECT t.*, m.party
  FROM trades t
  LEFT JOIN members m ON m.bioguide_id = t.bioguide_id AND t.trade_date BETWEEN m.valid_from AND m.valid_to
),
windows AS (
  SELECT * FROM (VALUES ${windows}) AS w(time_window, days)
),
sums AS (
  SELECT
    t.ticker, w.time_window, w.days,
    count(*) AS total_transactions,
    coalesce(sum(t.double_midpoint), 0) AS total_2x,
    coalesce(sum(t.double_midpoint) FILTER (WHERE t.is_buy), 0) AS buy_2x,
    coalesce(sum(t.double_midpoint) FILTER (WHERE NOT t.is_buy), 0) AS sell_2x,
    count(DISTINCT t.bioguide_id) FILTER (WHERE t.is_buy) AS num_buyers,
    count(DISTINCT t.bioguide_id) FILTER (WHERE NOT t.is_buy) AS num_sellers,
    count(*) FILTER (WHERE t.party = 'Democrat') AS dem_transactions,
    count(*) FILTER (WHERE t.party = 'Republican') AS rep_transactions,
    coalesce(sum(t.double_midpoint) FILTER (WHERE t.is_buy AND t.party = 'Democrat'), 0) AS dem_buy_2x,
    coalesce(sum(t.double_midpoint) FILTER (WHERE t.is_buy AND t.party = 'Republican'), 0) AS rep_buy_2x,
    min(t.trade_date) AS first_trade_date,
    max(t.trade_date) AS last_trade_date
  FROM with_party t
  JOIN windows w ON t.trade_date > $as_of::DATE - w.days::INTEGER
  GROUP BY t.ticker, w.time_window, w.days
)
SELECT
  ticker,
  time_window,
  $as_of::DATE AS as_of_date,
  total_transactions,
  (total_2x / 2)::DOUBLE AS total_volume,
  (buy_2x / 2)::DOUBLE AS buy_volume,
  (sell_2x / 2)::DOUBLE AS sell_volume,
  ((buy_2x - sell_2x) / 2)::DOUBLE AS net_volume,
  num_buyers,
  num_sellers,
  dem_transactions,
  rep_transactions,
  (dem_buy_2x / 2)::DOUBLE AS dem_buy_volume,
  (rep_buy_2x / 2)::DOUBLE AS rep_buy_volume,
  (CASE WHEN total_2x > 0 THEN (buy_2x - sell_2x) / total_2x ELSE 0 END)::DOUBLE AS sentiment_score,
  first_trade_date,
  last_trade_date
FROM sums
ORDER BY ticker, days`;
}
