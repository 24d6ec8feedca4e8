import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryShards } from '@medallion/sharded-index';
import { docOf, isConditionalFailure } from './dynamo';
import { withRetry } from './retry';
import { nowOf, ttlOf, TransitionError, type ManifestRecord, type ManifestStatus, type TrackedFile, type TrackingDeps } from './types';

/** The sparse GSI of ndjson_manifests (tables.json): `gsi_open = 'open'` only while claimed or started. */
const OPEN_INDEX = 'gsi_open';
const OPEN = 'open';
type FinalStatus = Extract<ManifestStatus, 'succeeded' | 'failed' | 'released'>;

const fileList = (files: TrackedFile[]) => files.map(({ date_prefix, file_key, size, etag }) => ({ date_prefix, file_key, size, etag }));
const bytesOf = (files: TrackedFile[]) => files.reduce((sum, f) => sum + f.size, 0);

function toRecord(item: Record<string, unknown>): ManifestRecord {
  const { gsi_open: _open, ttl: _ttl, ...rest } = item;
  return { ...(rest as unknown as ManifestRecord), bytes: Number(item.bytes), attempts: Number(item.attempts ?? 0) };
}

/**
 * A new manifest, status 'claimed' and open (in gsi_open), listing its candidate files. Conditional on the id
 * being new: a retried call returns 'duplicate' and changes nothing. claimFiles calls it before claiming any
 * file; call it yourself only for a manifest you will not claim through claimFiles (each 'duplicate' is a billed
 * write that changes nothing).
 */
export async function createManifest(deps: TrackingDeps, manifest: { manifestId: string; files: TrackedFile[] }): Promise<'created' | 'duplicate'> {
  const now = nowOf(deps).toISOString();
  try {
    await withRetry(
      () =>
        docOf(deps).send(
          new PutCommand({
            TableName: deps.manifestsTable,
            Item: {
              manifest_id: manifest.manifestId,
              status: 'claimed',
              files: fileList(manifest.files),
              bytes: bytesOf(manifest.files),
              created_at: now,
              updated_at: now,
              attempts: 0,
              gsi_open: OPEN,
            },
            ConditionExpression: 'attribute_not_exists(manifest_id)',
          }),
        ),
      deps.retry,
    );
    return 'created';
  } catch (err) {
    if (isConditionalFailure(err)) return 'duplicate';
    throw err;
  }
}

/** Replace the candidate list by the files actually claimed; false when the manifest is no longer 'claimed'. */
export async function recordClaimedFiles(deps: TrackingDeps, manifestId: string, files: TrackedFile[]): Promise<boolean> {
  try {
    await withRetry(
      () =>
        docOf(deps).send(
          new UpdateCommand({
            TableName: deps.manifestsTable,
            Key: { manifest_id: manifestId },
            UpdateExpression: 'SET files = :f, bytes = :b, updated_at = :now',
            ConditionExpression: '#s = :claimed',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':f': fileList(files), ':b': bytesOf(files), ':now': nowOf(deps).toISOString(), ':claimed': 'claimed' },
          }),
        ),
      deps.retry,
    );
    return true;
  } catch (err) {
    if (isConditionalFailure(err)) return false;
    throw err;
  }
}

/**
 * Whether the manifest is still 'claimed' (consistent read of its status only): what claimFiles asks instead of
 * rewriting a file list that would not change — a read, where the rewrite would be a write of the whole item.
 */
export async function isManifestClaimed(deps: TrackingDeps, manifestId: string): Promise<boolean> {
  const out = await withRetry(
    () =>
      docOf(deps).send(
        new GetCommand({
          TableName: deps.manifestsTable,
          Key: { manifest_id: manifestId },
          ConsistentRead: true,
          ProjectionExpression: '#s',
          ExpressionAttributeNames: { '#s': 'status' },
        }),
      ),
    deps.retry,
  );
  return out.Item?.status === 'claimed';
}

export async function getManifest(deps: TrackingDeps, manifestId: string): Promise<ManifestRecord | undefined> {
  const out = await withRetry(
    () => docOf(deps).send(new GetCommand({ TableName: deps.manifestsTable, Key: { manifest_id: manifestId }, ConsistentRead: true })),
    deps.retry,
  );
  return out.Item ? toRecord(out.Item) : undefined;
}

/**
 * claimed | started → started, counting the attempt and recording the execution. Allowed from 'started' so
 * orphan recovery can re-drive a stuck manifest; a finished manifest is never restarted (TransitionError).
 */
export async function markManifestStarted(deps: TrackingDeps, manifestId: string, options: { executionArn?: string } = {}): Promise<void> {
  try {
    await withRetry(
      () =>
        docOf(deps).send(
          new UpdateCommand({
            TableName: deps.manifestsTable,
            Key: { manifest_id: manifestId },
            UpdateExpression: `SET #s = :started, updated_at = :now, attempts = if_not_exists(attempts, :zero) + :one${options.executionArn ? ', execution_arn = :arn' : ''}`,
            ConditionExpression: '#s IN (:claimed, :started)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':started': 'started',
              ':claimed': 'claimed',
              ':now': nowOf(deps).toISOString(),
              ':zero': 0,
              ':one': 1,
              ...(options.executionArn ? { ':arn': options.executionArn } : {}),
            },
          }),
        ),
      deps.retry,
    );
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
    const current = await getManifest(deps, manifestId);
    throw new TransitionError(`manifest ${manifestId} cannot start: it is ${current ? current.status : 'missing'}`);
  }
}

/**
 * claimed | started → succeeded | failed | released: leaves gsi_open and gets its TTL. Idempotent (a retry
 * that finds the manifest already in `status` returns 'already'); any other finished status is a TransitionError.
 */
export async function finishManifest(deps: TrackingDeps, manifestId: string, status: FinalStatus): Promise<'finished' | 'already'> {
  if (!['succeeded', 'failed', 'released'].includes(status)) throw new TypeError(`not a final manifest status: ${status}`);
  try {
    await withRetry(
      () =>
        docOf(deps).send(
          new UpdateCommand({
            TableName: deps.manifestsTable,
            Key: { manifest_id: manifestId },
            UpdateExpression: 'SET #s = :final, updated_at = :now, #ttl = :ttl REMOVE gsi_open',
            ConditionExpression: '#s IN (:claimed, :started)',
            ExpressionAttributeNames: { '#s': 'status', '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':final': status,
              ':now': nowOf(deps).toISOString(),
              ':ttl': ttlOf(deps),
              ':claimed': 'claimed',
              ':started': 'started',
            },
          }),
        ),
      deps.retry,
    );
    return 'finished';
  } catch (err) {
    if (!isConditionalFailure(err)) throw err;
    const current = await getManifest(deps, manifestId);
    if (current?.status === status) return 'already';
    throw new TransitionError(`manifest ${manifestId} cannot become ${status}: it is ${current ? current.status : 'missing'}`);
  }
}

/** Open manifests (claimed or started) not updated since `olderThan`, oldest first; one Query page at a time, with Limit. */
export async function listOpenManifests(deps: TrackingDeps, options: { olderThan: Date; limit: number }): Promise<ManifestRecord[]> {
  const { items } = await withRetry(
    () =>
      queryShards<Record<string, unknown>>({
        client: deps.client,
        table: deps.manifestsTable,
        index: OPEN_INDEX,
        partitionValues: [OPEN],
        limitPerShard: Math.min(options.limit, 100),
        totalLimit: options.limit,
        sortKeyBefore: { name: 'updated_at', value: options.olderThan.toISOString() },
      }),
    deps.retry,
  );
  return items.map(toRecord);
}
