import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export interface QueryShardsOptions {
  client: DynamoDBClient;
  table: string;
  /** The GSI to read. */
  index: string;
  /** One Query per value, e.g. `shardRange(n, previous).map(pendingShardKey)`. */
  partitionValues: string[];
  /** `Limit` of every Query (one page of one shard). */
  limitPerShard: number;
  /** Stop issuing queries once this many items are in hand; the result never holds more. */
  totalLimit: number;
  /** The index's partition-key attribute; defaults to the index name (the convention of tables.json). */
  partitionKey?: string;
  /** Only items whose sort key is before `value` (e.g. manifests not updated since a cut-off). */
  sortKeyBefore?: { name: string; value: string };
}

export interface QueryShardsResult<T> {
  items: T[];
  /** Query requests issued (each one DynamoDB read request), for capacity arithmetic. */
  queries: number;
}

interface ShardCursor {
  value: string;
  startKey?: Record<string, unknown>;
  done: boolean;
}

function assertPositiveInt(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what} must be a positive integer, got ${n}`);
}

/**
 * Scatter-gather over the partitions of a (write-sharded) index: one round queries every shard that may still
 * hold items in parallel, each with `Limit`; rounds repeat (following each shard's LastEvaluatedKey) only
 * while fewer than `totalLimit` items are in hand, so a full result costs one round and an empty shard one
 * request. Items come back oldest sort key first within a shard; shards are interleaved in round order.
 */
export async function queryShards<T = Record<string, unknown>>(options: QueryShardsOptions): Promise<QueryShardsResult<T>> {
  assertPositiveInt(options.limitPerShard, 'limitPerShard');
  assertPositiveInt(options.totalLimit, 'totalLimit');
  const doc = DynamoDBDocumentClient.from(options.client);
  const cursors: ShardCursor[] = options.partitionValues.map((value) => ({ value, done: false }));
  const items: T[] = [];
  let queries = 0;
  while (items.length < options.totalLimit) {
    const open = cursors.filter((c) => !c.done);
    if (open.length === 0) break;
    const remaining = options.totalLimit - items.length;
    const pages = await Promise.all(
      open.map(async (cursor) => {
        queries++;
        const out = await doc.send(new QueryCommand(queryInput(options, cursor, Math.min(options.limitPerShard, remaining))));
        cursor.startKey = out.LastEvaluatedKey;
        cursor.done = !out.LastEvaluatedKey;
        return (out.Items ?? []) as T[];
      }),
    );
    for (const page of pages) items.push(...page);
  }
  return { items: items.slice(0, options.totalLimit), queries };
}

function queryInput(options: QueryShardsOptions, cursor: ShardCursor, limit: number): QueryCommandInput {
  const names: Record<string, string> = { '#pk': options.partitionKey ?? options.index };
  const values: Record<string, unknown> = { ':pk': cursor.value };
  let condition = '#pk = :pk';
  if (options.sortKeyBefore) {
    names['#sk'] = options.sortKeyBefore.name;
    values[':sk'] = options.sortKeyBefore.value;
    condition += ' AND #sk < :sk';
  }
  return {
    TableName: options.table,
    IndexName: options.index,
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    Limit: limit,
    ExclusiveStartKey: cursor.startKey,
  };
}
