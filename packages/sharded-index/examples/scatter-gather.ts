/**
 * Write 12 pending items under 4 shards, then read them back with a scatter-gather over the index.
 *   npx tsx --import ./scripts/polyfills.mjs packages/sharded-index/examples/scatter-gather.ts
 */
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalDynamo } from '@medallion/local';
import { pendingShardKey, queryShards, shardOf, shardRange } from '@medallion/sharded-index';

const dynamo = await startLocalDynamo({ tablePrefix: 'example' });
const table = dynamo.tables.file_tracking;
const doc = DynamoDBDocumentClient.from(dynamo.client);
const shards = 4;
for (let i = 0; i < 12; i++) {
  const file_key = `2025-01-01/part-${i}.ndjson`;
  const gsi_status = pendingShardKey(shardOf(file_key, shards));
  await doc.send(new PutCommand({ TableName: table, Item: { date_prefix: '2025-01-01', file_key, gsi_status, registered_at: new Date().toISOString() } }));
}
// The shard count went from 4 to 8: read 0..7 so nothing written under 4 is missed.
const { items, queries } = await queryShards({
  client: dynamo.client,
  table,
  index: 'gsi_status',
  partitionValues: shardRange(8, shards).map(pendingShardKey),
  limitPerShard: 5,
  totalLimit: 10,
});
console.log(`${items.length} items in ${queries} queries`);
await dynamo.stop();
