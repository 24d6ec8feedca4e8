export { shardOf, pendingShardKey, shardRange } from './shards';
export { queryShards, type QueryShardsOptions, type QueryShardsResult } from './query';
