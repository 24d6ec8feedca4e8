/**
 * From the lake's gold (and silver transactions) to a serving database file: list, derive the
 * version from the objects' keys and ETags (a rebuilt gold gets a new version even under the
 * same batch), stage, build. Used by UpdateCache, and by the API itself when a lake has no
 * published serving version yet.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ObjectStore } from '@medallion/lake';
import { ApiError } from './route';
import { buildServingDb, type ServingBuildResult } from './serving-build';
import { SERVING_LAYOUT } from './serving-keys';

const GOLD = 'gold/house_fd/';
const TABLES = {
  dimMember: `${GOLD}dim_member/dim_member.parquet`,
  dimAsset: `${GOLD}dim_asset/dim_asset.parquet`,
  trending: `${GOLD}agg_trending_stocks/agg_trending_stocks.parquet`,
  factPrefix: `${GOLD}fact_ptr_transactions/`,
  silverPrefix: 'silver/house_fd/transactions/',
};

export interface PreparedServing extends ServingBuildResult {
  version: string;
  seq: number;
  file: string;
}

export interface GoldListing {
  version: string;
  seq: number;
  factKeys: string[];
  silverKeys: string[];
}

/** The gold objects one version is built from, and the version: batch seq + a hash of their keys and ETags. */
export async function listGold(lake: ObjectStore): Promise<GoldListing> {
  const [facts, silver, ...singles] = await Promise.all([
    lake.list(TABLES.factPrefix),
    lake.list(TABLES.silverPrefix),
    lake.head(TABLES.dimMember),
    lake.head(TABLES.dimAsset),
    lake.head(TABLES.trending),
  ]);
  const factObjects = facts.filter((o) => o.key.endsWith('.parquet'));
  const silverObjects = silver.filter((o) => o.key.endsWith('.parquet'));
  if (singles.some((o) => o === null) || factObjects.length === 0) throw new ApiError(503, 'gold/house_fd is not published yet: run house_fd_pipeline first');
  const seq = Math.max(...factObjects.map((o) => Number(/batch=(\d+)/.exec(o.key)?.[1] ?? 0)));
  const hash = createHash('sha256').update(`layout ${SERVING_LAYOUT}\n`);
  const all = [...factObjects, ...silverObjects, ...(singles as NonNullable<(typeof singles)[number]>[])];
  for (const o of all.sort((a, b) => (a.key < b.key ? -1 : 1))) hash.update(`${o.key}\0${o.etag}\n`);
  return {
    version: `${String(seq).padStart(6, '0')}-${hash.digest('hex').slice(0, 12)}`,
    seq,
    factKeys: factObjects.map((o) => o.key),
    silverKeys: silverObjects.map((o) => o.key),
  };
}

/** Stage the listed gold and build its serving database under workDir. */
export async function prepareServing(lake: ObjectStore, workDir: string, listing?: GoldListing): Promise<PreparedServing> {
  const { version, seq, factKeys, silverKeys } = listing ?? (await listGold(lake));
  const [dimMemberFile, dimAssetFile, trendingFile, ...rest] = await lake.stage([
    TABLES.dimMember,
    TABLES.dimAsset,
    TABLES.trending,
    ...factKeys,
    ...silverKeys,
  ]);
  const file = join(workDir, `v=${version}`, 'serving.duckdb');
  const built = await buildServingDb(
    {
      dimMemberFile: dimMemberFile!,
      dimAssetFile: dimAssetFile!,
      trendingFile: trendingFile!,
      factFiles: rest.slice(0, factKeys.length),
      silverTransactionFiles: rest.slice(factKeys.length),
    },
    file,
  );
  return { ...built, version, seq, file };
}
