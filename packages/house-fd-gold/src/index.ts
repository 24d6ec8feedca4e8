export type { MemberInput, MemberTermInput, ParquetSource } from './types';
export { buildDimMember, type BuildDimMemberOptions, type BuildDimMemberResult } from './dim-member';
export { buildDimAsset, dimAssetSql, type BuildDimAssetOptions, type BuildDimAssetResult } from './dim-asset';
export { buildFactTransactions, factTransactionsSql, type BuildFactTransactionsOptions, type BuildFactTransactionsResult } from './fact-transactions';
export { buildTrendingStocks, trendingStocksSql, TRENDING_FACT_COLUMNS, type BuildTrendingStocksOptions, type BuildTrendingStocksResult } from './trending-stocks';
export { memberSegments, memberSegmentsNdjson, MemberInputError, type MemberSegment } from './member-terms';
export { dimMemberSelectSql } from './sql/dim-member.sql';
export { dimAssetSelectSql } from './sql/dim-asset.sql';
export { factTransactionsSelectSql } from './sql/fact-transactions.sql';
export { trendingStocksSelectSql, maxTransactionDateKeySql } from './sql/trending-stocks.sql';
export { surrogateKey, surrogateKeySql, memberNaturalKey, assetNaturalKey, assetNaturalKeySql, UNKNOWN_KEY } from './keys';
export { writeParquetAtomically, copyToParquetSql } from './parquet-out';
export { parquetRelationSql, resolveParquetFiles } from './sources';
export { normalizeIngestTs, dateKey, dateFromKey } from './timestamps';
export {
  SILVER_TRANSACTION_INPUT_COLUMNS, SILVER_TRANSACTIONS_SCHEMA, DIM_MEMBER_SCHEMA, DIM_ASSET_SCHEMA,
  FACT_PTR_TRANSACTIONS_SCHEMA, AGG_TRENDING_STOCKS_SCHEMA, TRANSACTION_TYPES, BUY_TYPES, SELL_TYPES, TRENDING_WINDOWS,
} from './schemas';
export {
  generateSyntheticSilverTransactions, syntheticMembersFrom, defaultSyntheticFileCount,
  type SyntheticMember, type GenerateSyntheticOptions, type GenerateSyntheticResult,
} from './synthetic';
export { syntheticTickers, type SyntheticTicker } from './synthetic-tickers';
export { CLERK_AMOUNT_RANGES, SYNTHETIC_ROWS_PER_DOC, syntheticTransactionsSelectSql } from './sql/synthetic.sql';
