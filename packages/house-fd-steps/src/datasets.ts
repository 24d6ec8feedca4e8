import type { DatasetDeclarations } from '@medallion/quality';
import { keys } from './batch';

/**
 * The house_fd datasets the checks in soda/checks name, as lake key patterns (the layout in
 * batch.ts `keys`). The steps that choose the gate's checks files hand these over with them, so
 * the quality engine needs no knowledge of this pipeline.
 */
export const HOUSE_FD_DATASETS: DatasetDeclarations = {
  silver_filings: `${keys.silverFilingsPrefix()}*.parquet`,
  silver_transactions: `${keys.silverTransactionsPrefix()}*.parquet`,
  dim_member: keys.dimMember(),
  dim_asset: keys.dimAsset(),
  fact_ptr_transactions: `${keys.factPrefix()}*.parquet`,
  agg_trending_stocks: keys.trending(),
};
