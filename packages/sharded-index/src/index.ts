export { shardOf, pendingShardKey, shardRange } from './shards';
export { queryShards } from './query';
