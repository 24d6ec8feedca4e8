import type { Duck } from '@medallion/duck';
import { writeParquetAtomically } from './parquet-out';
import { SILVER_TRANSACTION_INPUT_COLUMNS } from './schemas';
import { parquetRelationSql, resolveParquetFiles } from './sources';
import { dimAssetSelectSql } from './sql/dim-asset.sql';
import type { ParquetSource } from './types';

export interface BuildDimAssetOptions {
  /** All silver transactions: a glob, a path or a list of paths (either name works). */
  transactionsGlob?: ParquetSource;
  transactionsFiles?: string[];
  outFile: string;
}

export interface BuildDimAssetResult {
  rows: number;
}

const ASSET_COLUMNS = {
  ticker: SILVER_TRANSACTION_INPUT_COLUMNS.ticker,
  asset_name: SILVER_TRANSACTION_INPUT_COLUMNS.asset_name,
  asset_type: SILVER_TRANSACTION_INPUT_COLUMNS.asset_type,
};

/** The SQL buildDimAsset runs, for a resolved file list (also used by the benchmark). */
export function dimAssetSql(transactionFiles: string[]): string {
  return dimAssetSelectSql(parquetRelationSql(transactionFiles, ASSET_COLUMNS));
}

/** Rebuild dim_asset from every silver transaction. */
export async function buildDimAsset(duck: Duck, options: BuildDimAssetOptions): Promise<BuildDimAssetResult> {
  const source = options.transactionsFiles ?? options.transactionsGlob;
  if (source === undefined) throw new Error('buildDimAsset: pass transactionsGlob or transactionsFiles');
  const files = await resolveParquetFiles(duck, source);
  const rows = await writeParquetAtomically(duck, dimAssetSql(files), undefined, options.outFile);
  return { rows };
}
