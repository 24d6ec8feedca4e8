import { sqlPath } from '@medallion/duck';
import { assetNaturalKeySql, normalizedTickerSql, surrogateKeySql, UNKNOWN_KEY } from '../keys';

export interface FactTransactionsSqlInputs {
  /** Relation over this batch's silver transactions, with a `filename` column. */
  batchSource: string;
  /** Relation with the transaction_id of every fact already written by earlier batches. */
  priorSource: string;
  dimMemberFile: string;
  dimAssetFile: string;
}

/**
 * fact_ptr_transactions for one batch. Params: $gold_ingest_ts (TIMESTAMP).
 *
 * - A document found in two files of the batch (staged twice, or re-extracted) is taken whole
 *   from the most recently ingested file: silver rewrites a document as a unit, and mixing rows
 *   of two extractions would be wrong. (Deduplicating per document, not per row, is also far
 *   cheaper than a window over every transaction.) Ids already in earlier batches' facts are
 *   skipped, so re-running a batch rewrites the same rows and never duplicates.
 * - member_key is the dim_member version valid ON the trade date (versions do not overlap,
 *   so at most one matches): a trade keeps the party/district the member had when trading.
 * - A trade whose date silver flagged (date_suspect_reason) is kept, flag and all: the fact
 *   table records what was filed; agg_trending_stocks leaves such trades out.
 * - Unknown member or asset: key -1. Rows are sorted by date then id, which is also what
 *   makes the file deterministic and lets readers skip row groups by date.
 */
export function factTransactionsSelectSql(inputs: FactTransactionsSqlInputs): string {
  return `
WITH src AS NOT MATERIALIZED (
  -- read twice (doc/file pairs, then rows) rather than buffering every row of the batch
  SELECT * FROM ${inputs.batchSource}
),
doc_files AS (
  SELECT doc_id, filename, max(silver_ingest_ts) AS ingested FROM src GROUP BY doc_id, filename
),
latest_doc_files AS (
  SELECT doc_id, filename FROM doc_files
  QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY ingested DESC NULLS LAST, filename DESC) = 1
),
batch AS (
  SELECT s.* FROM src s SEMI JOIN latest_doc_files l ON l.doc_id IS NOT DISTINCT FROM s.doc_id AND l.filename = s.filename
),
prior AS (
  SELECT DISTINCT transaction_id FROM ${inputs.priorSource}
),
fresh AS (
  SELECT b.* FROM batch b ANTI JOIN prior p ON p.transaction_id = b.transaction_id
  WHERE b.transaction_id IS NOT NULL
),
members AS (
  SELECT member_key, bioguide_id, valid_from, valid_to FROM read_parquet(${sqlPath(inputs.dimMemberFile)}, hive_partitioning = false)
),
assets AS (
  SELECT asset_key FROM read_parquet(${sqlPath(inputs.dimAssetFile)}, hive_partitioning = false)
),
keyed AS (
  SELECT f.*, ${surrogateKeySql(assetNaturalKeySql('f.ticker', 'f.asset_name'))} AS computed_asset_key
  FROM fresh f
)
SELECT
  ${surrogateKeySql('k.transaction_id')} AS transaction_key,
  k.transaction_id,
  k.doc_id,
  coalesce(m.member_key, ${UNKNOWN_KEY}) AS member_key,
  coalesce(a.asset_key, ${UNKNOWN_KEY}) AS asset_key,
  (year(k.transaction_date) * 10000 + month(k.transaction_date) * 100 + day(k.transaction_date))::INTEGER AS transaction_date_key,
  k.bioguide_id,
  ${normalizedTickerSql('k.ticker')} AS ticker,
  k.transaction_type,
  k.amount_low,
  k.amount_high,
  (CASE WHEN k.amount_high IS NULL THEN k.amount_low ELSE (k.amount_low + k.amount_high) / 2 END)::DOUBLE AS amount_midpoint,
  date_diff('day', k.transaction_date, k.notification_date)::INTEGER AS days_to_notification,
  k.date_suspect_reason,
  $gold_ingest_ts::TIMESTAMP AS gold_ingest_ts,
  coalesce(k.is_synthetic, false) AS is_synthetic
FROM keyed k
LEFT JOIN members m
  ON m.bioguide_id = k.bioguide_id AND k.transaction_date BETWEEN m.valid_from AND m.valid_to
LEFT JOIN assets a
  ON a.asset_key = k.computed_asset_key
ORDER BY transaction_date_key NULLS LAST, k.transaction_id`;
}
