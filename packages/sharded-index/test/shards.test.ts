import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { pendingShardKey, queryShards, shardOf, shardRange } from '../src';

describe('shardOf / pendingShardKey / shardRange', () => {
  it('is stable, in range and spreads similar keys evenly', () => {
    expect(shardOf('2025-01-01/a.ndjson', 8)).toBe(shardOf('2025-01-01/a.ndjson', 8));
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[shardOf(`2025-01-01/part-${String(i).padStart(5, '0')}.ndjson`, 8)]++;
    expect(counts.every((c) => c > 800 && c < 1200)).toBe(true);
    expect(shardOf('x', 1)).toBe(0);
  });

  it('refuses a bad shard count or shard', () => {
    expect(() => shardOf('x', 0)).toThrow(/shard count must be an integer/);
    expect(() => shardOf('x', 1.5)).toThrow(RangeError);
    expect(() => pendingShardKey(-1)).toThrow(/non-negative/);
    expect(() => shardRange(4, 0)).toThrow(/previous shard count/);
  });

  it('names the pending partition and covers the old and new shard counts', () => {
    expect(pendingShardKey(3)).toBe('pending#3');
    expect(shardRange(4)).toEqual([0, 1, 2, 3]);
    expect(shardRange(2, 4)).toEqual([0, 1, 2, 3]);
    expect(shardRange(4, 2)).toEqual([0, 1, 2, 3]);
  });
});

describe('queryShards against dynalite', () => {
  let dynamo: LocalDynamo;
  let table: string;
  beforeAll(async () => {
    dynamo = await testLocalDynamo('shidx');
    table = dynamo.tables.file_tracking;
    const doc = DynamoDBDocumentClient.from(dynamo.client);
    // 4 shards × 10 pending items, plus items outside the index (no gsi_status).
    for (let shard = 0; shard < 4; shard++) {
      for (let i = 0; i < 10; i++) {
        const key = `2025-01-01/s${shard}-${i}.ndjson`;
        await doc.send(
          new PutCommand({ TableName: table, Item: { date_prefix: '2025-01-01', file_key: key, gsi_status: pendingShardKey(shard), registered_at: `t${i}` } }),
        );
      }
    }
    await doc.send(new PutCommand({ TableName: table, Item: { date_prefix: '2025-01-01', file_key: '2025-01-01/done.ndjson', registered_at: 't0' } }));
  });
  afterAll(() => dynamo.stop());

  const query = (limitPerShard: number, totalLimit: number, partitionValues = [0, 1, 2, 3].map(pendingShardKey)) =>
    queryShards<{ file_key: string }>({ client: dynamo.client, table, index: 'gsi_status', partitionValues, limitPerShard, totalLimit });

  it('stops after the first round when it already holds totalLimit items', async () => {
    const { items, queries } = await query(5, 8);
    expect(items).toHaveLength(8);
    expect(queries).toBe(4);
  });

  it('pages every shard until all items are read, each item once', async () => {
    const { items, queries } = await query(4, 1000);
    expect(new Set(items.map((i) => i.file_key)).size).toBe(40);
    expect(items).toHaveLength(40);
    // 10 items per shard at Limit 4: pages of 4, 4, 2 per shard, never more.
    expect(queries).toBe(12);
  });

  it('reads shards that hold nothing with one request each', async () => {
    const { items, queries } = await query(10, 100, [7, 8].map(pendingShardKey));
    expect(items).toEqual([]);
    expect(queries).toBe(2);
  });

  it('filters on the sort key with sortKeyBefore', async () => {
    const { items } = await queryShards<{ registered_at: string }>({
      client: dynamo.client,
      table,
      index: 'gsi_status',
      partitionValues: [pendingShardKey(0)],
      limitPerShard: 100,
      totalLimit: 100,
      sortKeyBefore: { name: 'registered_at', value: 't3' },
    });
    expect(items.map((i) => i.registered_at).sort()).toEqual(['t0', 't1', 't2']);
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(query(0, 10)).rejects.toThrow(/limitPerShard/);
    await expect(query(1, -1)).rejects.toThrow(/totalLimit/);
  });
});
