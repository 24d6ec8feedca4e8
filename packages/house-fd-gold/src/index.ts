export type { MemberInput } from './types';
export { buildDimMember } from './dim-member';
export { buildDimAsset, dimAssetSql } from './dim-asset';
export { buildFactTransactions, factTransactionsSql } from './fact-transactions';
export { buildTrendingStocks, trendingStocksSql } from './trending-stocks';
export { memberSegments, memberSegmentsNdjson } from './member-terms';
export { dimMemberSelectSql } from './sql/dim-member.sql';
export { writeParquetAtomically, copyToParquetSql } from './parquet-out';
export { normalizeIngestTs, dateFromKey } from './timestamps';
export { generateSyntheticSilverTransactions, syntheticMembersFrom, defaultSyntheticFileCount } from './synthetic';
export { parquetRelationSql } from './sources';
export {
  SILVER_TRANSACTIONS_SCHEMA,
  FACT_PTR_TRANSACTIONS_SCHEMA,
  DIM_MEMBER_SCHEMA,
  DIM_ASSET_SCHEMA,
  AGG_TRENDING_STOCKS_SCHEMA,
  TRANSACTION_TYPES,
} from './schemas';
