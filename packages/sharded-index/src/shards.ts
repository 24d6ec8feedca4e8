import { createHash } from 'node:crypto';

/** Prefix of the sparse GSI's partition value while an item is pending: `pending#<shard>`. */
const PENDING_PREFIX = 'pending#';

function assertShardCount(shards: number, what = 'shard count'): void {
  if (!Number.isInteger(shards) || shards < 1 || shards > 1000) throw new RangeError(`${what} must be an integer 1..1000, got ${shards}`);
}

/**
 * The shard of `key` among `shards`: the first 4 bytes of its MD5 as an unsigned integer, modulo `shards`.
 * MD5 (not a JS string hash) because it is the same on every runtime and spreads similar keys
 * (`2025-01-01/part-0001.ndjson`, `…0002…`) evenly; it is not used for security.
 */
export function shardOf(key: string, shards: number): number {
  assertShardCount(shards);
  return createHash('md5').update(key).digest().readUInt32BE(0) % shards;
}

/** The GSI partition value of a pending item in `shard`: `pending#<shard>`. */
export function pendingShardKey(shard: number): string {
  if (!Number.isInteger(shard) || shard < 0) throw new RangeError(`shard must be a non-negative integer, got ${shard}`);
  return `${PENDING_PREFIX}${shard}`;
}

/**
 * The shards a reader must query: 0..max(current, previous)-1. Writers use `current` only; after N changes,
 * items written under the old N keep their old `pending#<k>` until they leave the index, so readers cover both
 * ranges until `previous` is dropped from configuration (once no item carries a shard ≥ current — see README).
 */
export function shardRange(current: number, previous?: number): number[] {
  assertShardCount(current, 'current shard count');
  if (previous !== undefined) assertShardCount(previous, 'previous shard count');
  const count = Math.max(current, previous ?? 0);
  return Array.from({ length: count }, (_, i) => i);
}
