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

/**
 * Candidate outputs not yet promoted, e.g. `_candidates/house_fd/batch=000003/`: under it, keys
 * repeat the table layout (`…/gold/house_fd/dim_member/dim_member.parquet`). A gate given one
 * checks the tables as they will read after promotion: a single-file table is replaced by its
 * candidate, a multi-file table gets the candidate files (replacing files of the same name).
 */
export const CANDIDATE_PREFIX = /^_candidates\/[A-Za-z0-9_]+\/batch=\d{6}\/$/;

function overlay(published: string[], candidates: string[], single: boolean): string[] {
  if (single) return candidates.length ? candidates : published;
  const replaced = new Set(candidates.map((c) => c.slice(c.lastIndexOf('/') + 1)));
  return [...published.filter((p) => !replaced.has(p.slice(p.lastIndexOf('/') + 1))), ...candidates];
}

const parquetIn = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.parquet')).sort().map((f) => join(dir, f));
  } catch {
    return [];
  }
};

/** Local lake directory → `{ silver_filings: '<lake>/silver/house_fd/filings/*.parquet', … }` (file lists with candidates). */
export function resolveLakeTables(lakeDir: string, candidatePrefix?: string): Record<string, string | string[]> {
  const root = resolve(lakeDir);
  const tables: Record<string, string | string[]> = {};
  for (const [name, { prefix, file }] of Object.entries(LAKE_TABLES)) {
    const dir = join(root, prefix);
    const published = parquetIn(dir).filter((f) => !file || f === join(dir, file));
    const candidates = candidatePrefix ? parquetIn(join(root, candidatePrefix, prefix)).filter((f) => !file || f.endsWith(`/${file}`)) : [];
    if (!candidates.length) {
      if (published.length) tables[name] = file ? published[0] : join(dir, '*.parquet');
      continue;
    }
    tables[name] = overlay(published, candidates, Boolean(file));
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
export async function resolveLakeTablesFromStore(store: StagingStoreLike, only?: string[], candidatePrefix?: string): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const [name, { prefix, file }] of Object.entries(LAKE_TABLES)) {
    if (only && !only.includes(name)) continue;
    const wanted = (k: string) => k.endsWith('.parquet') && (!file || k.endsWith(`/${file}`));
    const published = (await store.list(prefix)).map((o) => o.key).filter((k) => wanted(k) && (!file || k === prefix + file));
    const candidates = candidatePrefix ? (await store.list(candidatePrefix + prefix)).map((o) => o.key).filter(wanted) : [];
    const keys = overlay(published, candidates, Boolean(file));
    if (keys.length) tables[name] = await store.stage(keys);
  }
  return tables;
}
