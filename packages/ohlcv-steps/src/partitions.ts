import { join } from 'node:path';
import type { ObjectStore } from '@medallion/lake';
import { partitionOfKey, silverIntervalPrefix, silverPartitionKey } from './keys';
import { forEachLimited } from './parallel';
import { onlyFileIn } from './partitioned-copy';

const PUBLISH_CONCURRENCY = 16;

/** Every silver_Nd partition the lake holds, by 'YYYY-MM' (a full run rewrites or removes them all). */
export async function listPartitions(lake: ObjectStore, interval: number): Promise<Map<string, string>> {
  const existing = new Map<string, string>();
  for (const o of await lake.list(silverIntervalPrefix(interval))) {
    const p = partitionOfKey(o.key);
    if (p) existing.set(`${p.year}-${p.month}`, o.key);
  }
  return existing;
}

/** Which of these months ('YYYY-MM') have a silver_Nd partition, asked by key (a listing reads every object's metadata). */
export async function existingPartitions(lake: ObjectStore, interval: number, months: readonly string[]): Promise<Map<string, string>> {
  const existing = new Map<string, string>();
  await forEachLimited(months, PUBLISH_CONCURRENCY, async (ym) => {
    const key = silverPartitionKey(interval, ym.slice(0, 4), ym.slice(5, 7));
    if (await lake.head(key)) existing.set(ym, key);
  });
  return existing;
}

/**
 * Publish a partitioned write: each affected month's file replaces its partition whole; a month
 * that was affected but got no rows loses its old partition.
 */
export async function publishPartitions(
  lake: ObjectStore,
  interval: number,
  affected: readonly string[],
  existing: ReadonlyMap<string, string>,
  outDir: string,
): Promise<{ written: number; deleted: number }> {
  let written = 0;
  let deleted = 0;
  await forEachLimited(affected, PUBLISH_CONCURRENCY, async (ym) => {
    const [year, month] = ym.split('-') as [string, string];
    const file = await onlyFileIn(join(outDir, `year=${year}`, `month=${month}`));
    if (file) {
      await lake.putFile(silverPartitionKey(interval, year, month), file);
      written++;
    } else if (existing.has(ym)) {
      await lake.delete(existing.get(ym)!);
      deleted++;
    }
  });
  return { written, deleted };
}
