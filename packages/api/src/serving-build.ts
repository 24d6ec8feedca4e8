/**
 * The serving database: one DuckDB file per gold version, laid out for the queries the
 * endpoints make. Gold stays the source of truth (Parquet, documented in docs/tables); this
 * file is a derived, read-only copy that a container attaches once per version.
 *
 * Layout (why):
 * - `trades`: one denormalised row per fact, with the member as of the trade date and the
 *   filed owner / notification date / asset name (the fact does not carry them: they come
 *   from silver_transactions by transaction_id). `seq` numbers the rows in API order (newest
 *   transaction_date first, then transaction_id, descending; trades whose date cannot be right,
 *   `date_suspect_reason`, after all others, so a trade typed 2202 never tops "recent"), the table is stored in that
 *   order, so a page is `seq > cursor ORDER BY seq LIMIT n` and DuckDB's Top-N skips row groups
 *   by their min/max (zone maps).
 * - `trades_by_member`, `trades_by_ticker`: the same rows clustered by member / ticker, then
 *   seq: a member's or a ticker's trades sit in a few row groups, which zone maps find.
 * - `filings`: each doc_id's seq range, sorted by doc_id: a filing is a lookup there, then a seq
 *   range of `trades`.
 * - small tables (`members`, `member_versions`, `trending_*`, `summary`, `member_stats`) as they
 *   are served; `trader_days` (member × day back from the as-of date) for top traders.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openDuck, sqlPath, type Duck } from '@medallion/duck';
import {
  AGG_TRENDING_STOCKS_SCHEMA,
  DIM_ASSET_SCHEMA,
  DIM_MEMBER_SCHEMA,
  FACT_PTR_TRANSACTIONS_SCHEMA,
  SILVER_TRANSACTIONS_SCHEMA,
  buildTrendingStocks,
  parquetRelationSql,
} from '@medallion/house-fd-gold';

/** Local paths of the gold (and silver) files one version is built from. */
export interface ServingInputs {
  factFiles: string[];
  dimMemberFile: string;
  dimAssetFile: string;
  trendingFile: string;
  silverTransactionFiles: string[];
}

export interface ServingBuildResult {
  rowCounts: Record<string, number>;
  /** Last day of the trending windows (the gold build's as-of date). */
  asOfDate: string | null;
  /** The newest gold_ingest_ts of the facts (the batch time of the last gold build). */
  builtAt: string | null;
}

/** Rows per row group: small enough that zone maps isolate one member's or ticker's trades. */
const ROW_GROUP_SIZE = 16_384;

const SILVER_COLUMNS = {
  transaction_id: SILVER_TRANSACTIONS_SCHEMA.transaction_id!,
  owner: SILVER_TRANSACTIONS_SCHEMA.owner!,
  asset_name: SILVER_TRANSACTIONS_SCHEMA.asset_name!,
  notification_date: SILVER_TRANSACTIONS_SCHEMA.notification_date!,
  silver_ingest_ts: SILVER_TRANSACTIONS_SCHEMA.silver_ingest_ts!,
};

const TRADE_COLUMNS = `seq, transaction_id, doc_id, transaction_date, notification_date, ticker, asset_name, transaction_type, owner,
  amount_low, amount_high, amount_midpoint, bioguide_id, full_name, party, state, district, is_synthetic, date_suspect_reason`;

function tradesSelect(inputs: ServingInputs): string {
  const facts = parquetRelationSql(inputs.factFiles, FACT_PTR_TRANSACTIONS_SCHEMA);
  const silver = parquetRelationSql(inputs.silverTransactionFiles, SILVER_COLUMNS);
  const assets = parquetRelationSql([inputs.dimAssetFile], DIM_ASSET_SCHEMA);
  // A document present in two silver files is taken from the most recent ingest (as the fact build does).
  return `
    WITH silver AS (
      SELECT * FROM ${silver} QUALIFY row_number() OVER (PARTITION BY transaction_id ORDER BY silver_ingest_ts DESC) = 1
    ), f AS (
      SELECT *, strptime(transaction_date_key::VARCHAR, '%Y%m%d')::DATE AS transaction_date FROM ${facts}
    )
    SELECT row_number() OVER (ORDER BY f.date_suspect_reason IS NOT NULL, f.transaction_date DESC NULLS LAST, f.transaction_id DESC) AS seq,
      f.transaction_id, f.doc_id, f.transaction_date, s.notification_date, f.ticker,
      coalesce(s.asset_name, a.asset_name) AS asset_name, f.transaction_type, s.owner,
      f.amount_low, f.amount_high, f.amount_midpoint, f.bioguide_id,
      coalesce(v.full_name, m.full_name) AS full_name, v.party, v.state, v.district,
      coalesce(f.is_synthetic, false) AS is_synthetic, f.date_suspect_reason
    FROM f
    LEFT JOIN member_versions v ON v.member_key = f.member_key
    LEFT JOIN members m ON m.bioguide_id = f.bioguide_id
    LEFT JOIN ${assets} a ON a.asset_key = f.asset_key
    LEFT JOIN silver s ON s.transaction_id = f.transaction_id
    ORDER BY seq`;
}

// Totals served by /v1/analytics/summary, one row per synthetic setting.
const SUMMARY_SELECT = `
  SELECT include_synthetic, count(*) AS total_trades, count(DISTINCT bioguide_id) AS members_trading,
    count(DISTINCT ticker) AS tickers, count(DISTINCT doc_id) AS filings,
    coalesce(sum(amount_midpoint), 0) AS total_volume,
    count(*) FILTER (transaction_type = 'Purchase') AS purchases,
    count(*) FILTER (transaction_type IN ('Sale', 'Sale (Partial)')) AS sales,
    count(*) FILTER (transaction_type = 'Exchange') AS exchanges,
    count(*) FILTER (party = 'Democrat') AS democrat_trades,
    count(*) FILTER (party = 'Republican') AS republican_trades,
    min(transaction_date) FILTER (date_suspect_reason IS NULL) AS first_trade_date,
    max(transaction_date) FILTER (date_suspect_reason IS NULL) AS last_trade_date
  FROM (SELECT t.*, i.include_synthetic FROM trades t JOIN (VALUES (true), (false)) i(include_synthetic) ON i.include_synthetic OR NOT t.is_synthetic)
  GROUP BY include_synthetic`;

// /v1/members/{id}/stats, per member and synthetic setting: one point lookup per request.
const MEMBER_STATS_SELECT = `
  WITH base AS (
    SELECT t.*, i.include_synthetic FROM trades_by_member t
    JOIN (VALUES (true), (false)) i(include_synthetic) ON i.include_synthetic OR NOT t.is_synthetic
  ), totals AS (
    SELECT bioguide_id, include_synthetic, count(*)::INTEGER AS total_trades,
      count(*) FILTER (transaction_type = 'Purchase')::INTEGER AS purchases,
      count(*) FILTER (transaction_type IN ('Sale', 'Sale (Partial)'))::INTEGER AS sales,
      count(*) FILTER (transaction_type = 'Exchange')::INTEGER AS exchanges,
      coalesce(sum(amount_midpoint), 0)::DOUBLE AS total_volume,
      coalesce(sum(amount_midpoint) FILTER (transaction_type = 'Purchase'), 0)::DOUBLE AS buy_volume,
      coalesce(sum(amount_midpoint) FILTER (transaction_type IN ('Sale', 'Sale (Partial)')), 0)::DOUBLE AS sell_volume,
      count(DISTINCT ticker)::INTEGER AS distinct_tickers, count(DISTINCT doc_id)::INTEGER AS filings,
      min(transaction_date)::VARCHAR AS first_trade_date, max(transaction_date)::VARCHAR AS last_trade_date
    FROM base GROUP BY ALL
  ), per_ticker AS (
    SELECT bioguide_id, include_synthetic, ticker, count(*)::INTEGER AS trades, sum(amount_midpoint)::DOUBLE AS volume
    FROM base WHERE ticker IS NOT NULL GROUP BY ALL
  ), top AS (
    SELECT bioguide_id, include_synthetic,
      to_json(list({'ticker': ticker, 'trades': trades, 'volume': volume} ORDER BY trades DESC, volume DESC, ticker)[1:5])::VARCHAR AS top_tickers
    FROM per_ticker GROUP BY ALL
  )
  SELECT totals.*, coalesce(top.top_tickers, '[]') AS top_tickers
  FROM totals LEFT JOIN top USING (bioguide_id, include_synthetic)
  ORDER BY bioguide_id, include_synthetic`;

// /v1/top-traders?days=N: per member and day counted back from the gold as-of date (trusted
// dates only), stored in days_back order, so N days is a prefix of a small table (zone maps).
const TRADER_DAYS_SELECT = `
  WITH as_of AS (SELECT max(as_of_date) AS d FROM trending_all)
  SELECT (as_of.d - t.transaction_date)::INTEGER AS days_back, m.member_no, t.is_synthetic,
    count(*)::INTEGER AS trades, sum(t.amount_midpoint)::DOUBLE AS total_volume,
    coalesce(sum(t.amount_midpoint) FILTER (t.transaction_type = 'Purchase'), 0)::DOUBLE AS buy_volume,
    coalesce(sum(t.amount_midpoint) FILTER (t.transaction_type IN ('Sale', 'Sale (Partial)')), 0)::DOUBLE AS sell_volume
  FROM trades t JOIN members m ON m.bioguide_id = t.bioguide_id, as_of
  WHERE t.date_suspect_reason IS NULL AND t.transaction_date <= as_of.d
  GROUP BY ALL ORDER BY days_back, m.member_no, t.is_synthetic`;

async function trendingWithoutSynthetic(duck: Duck, inputs: ServingInputs, workDir: string): Promise<string> {
  // The gold aggregate counts synthetic trades when the build did; the API serves them only on request.
  const asOf = await duck.scalar<string | null>(
    `SELECT max(as_of_date)::VARCHAR FROM ${parquetRelationSql([inputs.trendingFile], AGG_TRENDING_STOCKS_SCHEMA)}`,
  );
  const outFile = join(workDir, 'trending-real.parquet');
  await buildTrendingStocks(duck, {
    factFiles: inputs.factFiles,
    dimMemberFile: inputs.dimMemberFile,
    excludeSynthetic: true,
    ...(asOf ? { notAfter: asOf } : {}),
    outFile,
  });
  return outFile;
}

/** Build the serving database at outFile (replaced if present) from one gold version. */
export async function buildServingDb(
  inputs: ServingInputs,
  outFile: string,
  options: { threads?: number; memoryLimit?: string } = {},
): Promise<ServingBuildResult> {
  const workDir = `${outFile}.work`;
  await rm(outFile, { force: true });
  await rm(`${outFile}.wal`, { force: true });
  await mkdir(workDir, { recursive: true });
  await mkdir(dirname(outFile), { recursive: true });
  const duck = await openDuck({ threads: options.threads ?? 2, memoryLimit: options.memoryLimit ?? '512MB', tempDirectory: join(workDir, 'spill') });
  try {
    const realTrending = await trendingWithoutSynthetic(duck, inputs, workDir);
    await duck.run(`ATTACH ${sqlPath(outFile)} AS serving (ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
    await duck.run('USE serving');
    await duck.run(
      `CREATE TABLE member_versions AS SELECT * FROM ${parquetRelationSql([inputs.dimMemberFile], DIM_MEMBER_SCHEMA)} ORDER BY bioguide_id, valid_from`,
    );
    await duck.run(`CREATE TABLE members AS
      SELECT bioguide_id, full_name, party, state, district, is_current, lower(full_name) AS name_lc,
        dense_rank() OVER (ORDER BY bioguide_id)::INTEGER AS member_no
      FROM member_versions QUALIFY row_number() OVER (PARTITION BY bioguide_id ORDER BY valid_from DESC) = 1
      ORDER BY bioguide_id`);
    await duck.run(`CREATE TABLE trades AS ${tradesSelect(inputs)}`);
    await duck.run(`CREATE TABLE trades_by_member AS SELECT ${TRADE_COLUMNS} FROM trades WHERE bioguide_id IS NOT NULL ORDER BY bioguide_id, seq`);
    await duck.run(`CREATE TABLE trades_by_ticker AS SELECT ${TRADE_COLUMNS} FROM trades WHERE ticker IS NOT NULL ORDER BY ticker, seq`);
    // DuckDB's planner did not use an ART index on doc_id for these lookups (EXPLAIN: sequential
    // scan), so a filing is found through its seq range instead, which zone maps prune to.
    await duck.run('CREATE TABLE filings AS SELECT doc_id, min(seq) AS first_seq, max(seq) AS last_seq FROM trades GROUP BY doc_id ORDER BY doc_id');
    const trendingOrder = `ORDER BY time_window, total_volume DESC, ticker`;
    await duck.run(`CREATE TABLE trending_all AS SELECT * FROM ${parquetRelationSql([inputs.trendingFile], AGG_TRENDING_STOCKS_SCHEMA)} ${trendingOrder}`);
    await duck.run(`CREATE TABLE trending_real AS SELECT * FROM ${parquetRelationSql([realTrending], AGG_TRENDING_STOCKS_SCHEMA)} ${trendingOrder}`);
    await duck.run(`CREATE TABLE summary AS ${SUMMARY_SELECT}`);
    await duck.run(`CREATE TABLE member_stats AS ${MEMBER_STATS_SELECT}`);
    await duck.run(`CREATE TABLE trader_days AS ${TRADER_DAYS_SELECT}`);
    const counts = await duck.all<{ name: string; rows: number }>(
      `SELECT 'trades' AS name, count(*) AS rows FROM trades UNION ALL SELECT 'members', count(*) FROM members
       UNION ALL SELECT 'member_versions', count(*) FROM member_versions UNION ALL SELECT 'trending', count(*) FROM trending_all`,
    );
    const asOfDate = await duck.scalar<string | null>('SELECT max(as_of_date)::VARCHAR FROM trending_all');
    const builtAt = await duck.scalar<string | null>(
      `SELECT strftime(max(gold_ingest_ts), '%Y-%m-%dT%H:%M:%SZ') FROM ${parquetRelationSql(inputs.factFiles, FACT_PTR_TRANSACTIONS_SCHEMA)}`,
    );
    await duck.run('CHECKPOINT serving');
    await duck.run('USE memory');
    await duck.run('DETACH serving');
    return { rowCounts: Object.fromEntries(counts.map((c) => [c.name, c.rows])), asOfDate: asOfDate ?? null, builtAt: builtAt ?? null };
  } finally {
    duck.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
