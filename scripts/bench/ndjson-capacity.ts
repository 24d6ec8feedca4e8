/**
 * The capacity arithmetic of the NDJSON file-tracking table (pure, so a unit test checks it): at a daily volume
 * and a peak factor, how many writes per second land on one partition of the pending index (gsi_status) and of
 * the base table (hash key date_prefix: a day's files share it), with and without write sharding, against
 * DynamoDB's per-partition limit of 1,000 WCU/s. Items are < 1 KB, so one write is one WCU.
 */
export interface CapacityInput {
  filesPerDay: number;
  peakFactor: number;
  /** Write shards of the pending index (NDJSON_SHARDS). */
  shards: number;
  /** Base-table writes per file end to end (register, claim, processed = 3). */
  tableWritesPerFile: number;
  /** Index writes per file: the register put adds the sparse entry, the claim's REMOVE deletes it (2). */
  indexWritesPerFile: number;
  partitionWcuLimit: number;
}

export const CAPACITY_DEFAULTS: Omit<CapacityInput, 'shards'> = {
  filesPerDay: 500_000,
  peakFactor: 10,
  tableWritesPerFile: 3,
  indexWritesPerFile: 2,
  partitionWcuLimit: 1_000,
};

export interface CapacityResult {
  averageFilesPerSecond: number;
  peakFilesPerSecond: number;
  /** Index WCU/s on the one `pending` partition without sharding, and on each of `shards` partitions with it. */
  indexPartitionWcu: { unsharded: number; sharded: number };
  /** Base-table WCU/s on the day's date_prefix partition (sharding the index does not change it). */
  tablePartitionWcu: number;
  /** How many times the peak could grow before a partition reaches the limit. */
  headroom: { indexUnsharded: number; indexSharded: number; table: number };
  /** Files per second at which the first partition (with sharding) reaches the limit. */
  ceilingFilesPerSecond: number;
}

export function capacityArithmetic(input: CapacityInput): CapacityResult {
  if (!(input.shards >= 1) || !(input.filesPerDay > 0) || !(input.peakFactor > 0))
    throw new RangeError('capacity: shards ≥ 1, filesPerDay > 0, peakFactor > 0');
  const averageFilesPerSecond = input.filesPerDay / 86_400;
  const peakFilesPerSecond = averageFilesPerSecond * input.peakFactor;
  const unsharded = peakFilesPerSecond * input.indexWritesPerFile;
  const sharded = unsharded / input.shards;
  const tablePartitionWcu = peakFilesPerSecond * input.tableWritesPerFile;
  const limit = input.partitionWcuLimit;
  return {
    averageFilesPerSecond,
    peakFilesPerSecond,
    indexPartitionWcu: { unsharded, sharded },
    tablePartitionWcu,
    headroom: { indexUnsharded: limit / unsharded, indexSharded: limit / sharded, table: limit / tablePartitionWcu },
    ceilingFilesPerSecond: Math.min(limit / (input.indexWritesPerFile / input.shards), limit / input.tableWritesPerFile),
  };
}

const f1 = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** The arithmetic as a markdown list, each line showing its multiplication. */
export function capacityMarkdown(i: CapacityInput, r: CapacityResult): string {
  return [
    `- ${i.filesPerDay.toLocaleString('en-US')} files/day ÷ 86,400 s = **${r.averageFilesPerSecond.toFixed(2)} files/s** on average; × ${i.peakFactor} peak = **${f1(r.peakFilesPerSecond)} files/s**.`,
    `- Pending index (gsi_status), ${i.indexWritesPerFile} writes per file (register adds the sparse entry, claim removes it): ${f1(r.peakFilesPerSecond)} × ${i.indexWritesPerFile} = **${f1(r.indexPartitionWcu.unsharded)} WCU/s on one partition without sharding** (${f1(r.headroom.indexUnsharded)}× below ${i.partitionWcuLimit.toLocaleString('en-US')}); ÷ ${i.shards} shards = **${f1(r.indexPartitionWcu.sharded)} WCU/s per partition** (${f1(r.headroom.indexSharded)}× below).`,
    `- Base table, ${i.tableWritesPerFile} writes per file, all of a day on its date_prefix partition: ${f1(r.peakFilesPerSecond)} × ${i.tableWritesPerFile} = **${f1(r.tablePartitionWcu)} WCU/s** (${f1(r.headroom.table)}× below the limit; sharding the index does not change it).`,
    `- With ${i.shards} shards the first partition to reach ${i.partitionWcuLimit.toLocaleString('en-US')} WCU/s is ${r.ceilingFilesPerSecond === i.partitionWcuLimit / i.tableWritesPerFile ? "the base table's date_prefix" : 'an index shard'}, at **${f1(r.ceilingFilesPerSecond)} files/s** sustained (${f1((r.ceilingFilesPerSecond * 86_400) / i.peakFactor / 1e6)} M files/day at a ${i.peakFactor}× peak).`,
  ].join('\n');
}
