import { randomInt } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { docOf, isConditionalFailure } from './dynamo';
import { pendingShardKey, queryShards, shardOf, shardRange } from '@medallion/sharded-index';
import { mapLimit, withRetry } from './retry';
import { nowOf, ttlOf, type FileStatus, type PendingFile, type TrackedFile, type TrackingDeps } from './types';

/** The sparse, write-sharded GSI of file_tracking (tables.json): `pending#<shard>` only while pending. */
const PENDING_INDEX = 'gsi_status';
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}$/;

export const keyOf = (file: Pick<TrackedFile, 'date_prefix' | 'file_key'>) => ({ date_prefix: file.date_prefix, file_key: file.file_key });

/** A file_key must live under its date_prefix (`YYYY-MM-DD/…`): the table's hash key is derived from it. */
export function assertFile(file: TrackedFile): void {
  if (!DATE_PREFIX.test(file.date_prefix)) throw new TypeError(`date_prefix must be YYYY-MM-DD, got ${JSON.stringify(file.date_prefix)}`);
  if (!file.file_key.startsWith(`${file.date_prefix}/`) || file.file_key.length <= file.date_prefix.length + 1) {
    throw new TypeError(`file_key ${JSON.stringify(file.file_key)} is not under ${file.date_prefix}/`);
  }
  if (!Number.isFinite(file.size) || file.size < 0) throw new TypeError(`size of ${file.file_key} must be a non-negative number`);
}

export async function readFileItem(deps: TrackingDeps, file: TrackedFile): Promise<{ status: FileStatus; manifest_id?: string } | undefined> {
  const out = await withRetry(() => docOf(deps).send(new GetCommand({ TableName: deps.table, Key: keyOf(file), ConsistentRead: true })), deps.retry);
  return out.Item as { status: FileStatus; manifest_id?: string } | undefined;
}

/**
 * Track a new input file as pending. A conditional put (`attribute_not_exists`): a redelivered or duplicated
 * event for a key already tracked is a no-op, whatever status the item has reached since — it never puts a
 * manifested or processed file back to pending.
 */
export async function registerFile(deps: TrackingDeps, file: TrackedFile): Promise<'registered' | 'duplicate'> {
  assertFile(file);
  const now = nowOf(deps).toISOString();
  try {
    await withRetry(
      () =>
        docOf(deps).send(
          new PutCommand({
            TableName: deps.table,
            Item: {
              ...keyOf(file),
              size: file.size,
              etag: file.etag,
              status: 'pending',
              registered_at: now,
              updated_at: now,
              gsi_status: pendingShardKey(shardOf(file.file_key, deps.shards)),
            },
            ConditionExpression: 'attribute_not_exists(file_key)',
          }),
        ),
      deps.retry,
    );
    return 'registered';
  } catch (err) {
    if (isConditionalFailure(err)) return 'duplicate';
    throw err;
  }
}

/**
 * Up to `limit` pending files, read from every shard of the pending index in parallel (each Query with Limit).
 * Without `startShard` they come oldest first. With it (a shard number, or 'random') they come in claim order:
 * shard by shard from that shard on, oldest first within each. Concurrent builders that each start at a
 * different shard claim disjoint runs of files instead of all racing for the same oldest ones; every shard is
 * still listed, so a file in any shard is seen by every builder (the fallback sweep).
 */
export async function listPendingFiles(deps: TrackingDeps, options: { limit: number; startShard?: number | 'random' }): Promise<PendingFile[]> {
  const shards = shardRange(deps.shards, deps.previousShards);
  const start = options.startShard === 'random' ? randomInt(shards.length) : (options.startShard ?? 0) % shards.length;
  const order = [...shards.slice(start), ...shards.slice(0, start)];
  const { items } = await withRetry(
    () =>
      queryShards<PendingFile & { gsi_status?: string }>({
        client: deps.client,
        table: deps.table,
        index: PENDING_INDEX,
        partitionValues: order.map(pendingShardKey),
        limitPerShard: Math.max(1, Math.ceil(options.limit / shards.length)),
        totalLimit: options.limit,
      }),
    deps.retry,
  );
  const rank = new Map(order.map((shard, i) => [pendingShardKey(shard), options.startShard === undefined ? 0 : i]));
  const older = (a: { registered_at: string }, b: { registered_at: string }) =>
    a.registered_at < b.registered_at ? -1 : a.registered_at > b.registered_at ? 1 : 0;
  return items
    .map((item) => ({ item, rank: rank.get(String(item.gsi_status)) ?? 0 }))
    .sort((a, b) => a.rank - b.rank || older(a.item, b.item))
    .map(({ item: { date_prefix, file_key, size, etag, registered_at } }) => ({ date_prefix, file_key, size: Number(size), etag, registered_at }));
}

async function transitionEach(
  deps: TrackingDeps,
  files: TrackedFile[],
  update: (file: TrackedFile) => {
    UpdateExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
    ExpressionAttributeNames?: Record<string, string>;
  },
  alreadyDone: ((item: { status: FileStatus; manifest_id?: string } | undefined) => boolean) | null,
  manifestId: string,
): Promise<TrackedFile[]> {
  const done = await mapLimit(files, deps.concurrency ?? 16, async (file) => {
    const { UpdateExpression, ExpressionAttributeValues, ExpressionAttributeNames } = update(file);
    try {
      await withRetry(
        () =>
          docOf(deps).send(
            new UpdateCommand({
              TableName: deps.table,
              Key: keyOf(file),
              UpdateExpression,
              ConditionExpression: '#s = :manifested AND manifest_id = :m',
              ExpressionAttributeNames: { ...ExpressionAttributeNames, '#s': 'status' },
              ExpressionAttributeValues: { ...ExpressionAttributeValues, ':manifested': 'manifested', ':m': manifestId },
            }),
          ),
        deps.retry,
      );
      return true;
    } catch (err) {
      if (!isConditionalFailure(err)) throw err;
      // A retried call whose earlier attempt landed: read back whether the file already is where we want it.
      return alreadyDone ? alreadyDone(await readFileItem(deps, file)) : false;
    }
  });
  return files.filter((_, i) => done[i]);
}

/**
 * manifested → processed for the files this manifest holds (condition: status manifested AND manifest_id).
 * Sets the TTL. Returns the files now processed by this manifest, including those a previous attempt did.
 */
export async function markProcessed(deps: TrackingDeps, files: TrackedFile[], manifestId: string): Promise<TrackedFile[]> {
  const now = nowOf(deps).toISOString();
  const ttl = ttlOf(deps);
  return transitionEach(
    deps,
    files,
    () => ({
      UpdateExpression: 'SET #s = :processed, updated_at = :now, #ttl = :ttl',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':processed': 'processed', ':now': now, ':ttl': ttl },
    }),
    (item) => item?.status === 'processed' && item.manifest_id === manifestId,
    manifestId,
  );
}

/**
 * Compensation: manifested → pending for the files this manifest holds (never a processed file, never one
 * another manifest holds), restoring `gsi_status` under the current shard count so they are claimed again.
 * Returns the files this call put back.
 */
export async function releaseFiles(deps: TrackingDeps, files: TrackedFile[], manifestId: string): Promise<TrackedFile[]> {
  const now = nowOf(deps).toISOString();
  return transitionEach(
    deps,
    files,
    (file) => ({
      UpdateExpression: 'SET #s = :pending, gsi_status = :g, updated_at = :now REMOVE manifest_id',
      ExpressionAttributeValues: { ':pending': 'pending', ':g': pendingShardKey(shardOf(file.file_key, deps.shards)), ':now': now },
    }),
    null,
    manifestId,
  );
}
