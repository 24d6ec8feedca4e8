/**
 * Dataset names the checks use → parquet files in the medallion lake layout (the platform
 * contract in docs): silver filings and transactions, the gold star schema and the trending
 * aggregate. Only datasets with at least one file are returned.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LAKE_TABLES: Record<string, { prefix: string; file?: string }> = {
  silver_filings: { prefix: 'silver/house_fd/filings/' },
  silver_transactions: { prefix: 'silver/house_fd/transactions/' },
  dim_member: { prefix: 'gold/house_fd/dim_member/', file: 'dim_member.parquet' },
  dim_asset: { prefix: 'gold/house_fd/dim_asset/', file: 'dim_asset.parquet' },
  fact_ptr_transactions: { prefix: 'gold/house_fd/fact_ptr_transactions/' },
  agg_trending_stocks: { prefix: 'gold/house_fd/agg_trending_stocks/', file: 'agg_trending_stocks.parquet' },
};

/** Local lake directory → `{ silver_filings: '<lake>/silver/house_fd/filings/*.parquet', … }`. */
export function resolveLakeTables(lakeDir: string): Record<string, string> {
  const root = resolve(lakeDir);
  const tables: Record<string, string> = {};
  for (const [name, { prefix, file }] of Object.entries(LAKE_TABLES)) {
    const dir = join(root, prefix);
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.parquet'));
    } catch {
      continue;
    }
    if (file ? files.includes(file) : files.length > 0) tables[name] = file ? join(dir, file) : join(dir, '*.parquet');
  }
  return tables;
}

/** What resolveLakeTablesFromStore needs from @medallion/lake's ObjectStore (local dir or S3). */
export interface StagingStoreLike {
  list(prefix: string): Promise<{ key: string }[]>;
  /** Local paths DuckDB can read for these keys (S3 objects are downloaded first). */
  stage(keys: string[]): Promise<string[]>;
}

/** The same mapping through an object store: S3 objects are staged to local files for DuckDB. */
export async function resolveLakeTablesFromStore(store: StagingStoreLike, only?: string[]): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const [name, { prefix, file }] of Object.entries(LAKE_TABLES)) {
    if (only && !only.includes(name)) continue;
    const keys = (await store.list(prefix)).map((o) => o.key).filter((k) => k.endsWith('.parquet') && (!file || k === prefix + file));
    if (keys.length) tables[name] = await store.stage(keys);
  }
  return tables;
}
