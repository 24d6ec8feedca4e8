import type { Duck } from '@medallion/duck';
import { writeParquetAtomically } from './parquet-out';
import { parquetRelationSql, resolveParquetFiles } from './sources';
import { maxTransactionDateKeySql, trendingStocksSelectSql } from './sql/trending-stocks.sql';
import { checkIsoDate, dateFromKey, dateKey } from './timestamps';
import type { ParquetSource } from './types';

export interface BuildTrendingStocksOptions {
  /** Every fact file: a glob, a path or a list of paths (either name works). */
  factGlob?: ParquetSource;
  factFiles?: string[];
  dimMemberFile: string;
  /** 'YYYY-MM-DD'; default: the latest trusted transaction date in the facts, capped at notAfter (never today). */
  asOfDate?: string;
  /**
   * 'YYYY-MM-DD', the batch's own date: the default as-of date never passes it, so one typed
   * trade date in the future cannot move every window past the data.
   */
  notAfter?: string;
  /** Leave generated (is_synthetic) trades out of the aggregate. Default false. */
  excludeSynthetic?: boolean;
  outFile: string;
}

export interface BuildTrendingStocksResult {
  rows: number;
  /** The as-of date used; null when there were no facts (an empty table is written). */
  asOfDate: string | null;
}

/** Fact columns the aggregate reads. */
export const TRENDING_FACT_COLUMNS = {
  ticker: 'VARCHAR',
  bioguide_id: 'VARCHAR',
  transaction_type: 'VARCHAR',
  amount_low: 'BIGINT',
  amount_high: 'BIGINT',
  transaction_date_key: 'INTEGER',
  date_suspect_reason: 'VARCHAR',
  is_synthetic: 'BOOLEAN',
};

const WIDEST_WINDOW_DAYS = 90;

/** The statements buildTrendingStocks runs, for explicit files (also used by the benchmark). */
export function trendingStocksSql(factFiles: string[], dimMemberFile: string, excludeSynthetic = false, notAfter?: string) {
  const factSource = parquetRelationSql(factFiles, TRENDING_FACT_COLUMNS);
  return {
    maxDateKey: maxTransactionDateKeySql(factSource, notAfter ? dateKey(checkIsoDate(notAfter, 'notAfter')) : undefined),
    select: trendingStocksSelectSql(factSource, dimMemberFile, { excludeSynthetic }),
    params(asOfDate: string) {
      return { as_of: asOfDate, from_key: dateKey(asOfDate, WIDEST_WINDOW_DAYS), to_key: dateKey(asOfDate) };
    },
  };
}

/** Rebuild agg_trending_stocks over all facts for the 7/30/90-day windows ending at asOfDate. */
export async function buildTrendingStocks(duck: Duck, options: BuildTrendingStocksOptions): Promise<BuildTrendingStocksResult> {
  const source = options.factFiles ?? options.factGlob;
  if (source === undefined) throw new Error('buildTrendingStocks: pass factGlob or factFiles');
  const files = await resolveParquetFiles(duck, source);
  const sql = trendingStocksSql(files, options.dimMemberFile, options.excludeSynthetic ?? false, options.notAfter);
  let asOfDate: string | null = options.asOfDate ? checkIsoDate(options.asOfDate, 'asOfDate') : null;
  if (!asOfDate) {
    const maxKey = await duck.scalar<number | null>(sql.maxDateKey);
    asOfDate = maxKey === null || maxKey === undefined ? null : dateFromKey(Number(maxKey));
  }
  // No facts: still write the table (empty, right schema) so readers never miss the file.
  const params = sql.params(asOfDate ?? '1970-01-01');
  const rows = await writeParquetAtomically(duck, sql.select, params, options.outFile);
  return { rows: asOfDate ? rows : 0, asOfDate };
}
