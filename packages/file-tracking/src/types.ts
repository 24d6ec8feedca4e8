import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** What every function of this package needs. Table names are physical (MEDALLION_TABLE_* in a Lambda). */
export interface TrackingDeps {
  client: DynamoDBClient;
  /** file_tracking table. */
  table: string;
  /** ndjson_manifests table. */
  manifestsTable: string;
  /** Write shards of the pending index (NDJSON_SHARDS). */
  shards: number;
  /** The shard count before the last change, while items written under it may still be pending. */
  previousShards?: number;
  /** Days a finished item (processed file, finished manifest) is kept before DynamoDB's TTL deletes it. */
  ttlDays: number;
  now?: () => Date;
  /** Our retry of throttling, timeouts and 5xx on top of the SDK's own (tests make the delays tiny). */
  retry?: RetryOptions;
  /** Conditional writes in flight at once per call (default 16). */
  concurrency?: number;
}

export interface RetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** One input object, as an S3 event names it. file_key is `<date_prefix>/<name>.ndjson[.gz]`. */
export interface TrackedFile {
  date_prefix: string;
  file_key: string;
  size: number;
  etag: string;
}

export type FileStatus = 'pending' | 'manifested' | 'processed';

export interface PendingFile extends TrackedFile {
  registered_at: string;
}

export type ManifestStatus = 'claimed' | 'started' | 'succeeded' | 'failed' | 'released';

export interface ManifestRecord {
  manifest_id: string;
  status: ManifestStatus;
  files: TrackedFile[];
  bytes: number;
  created_at: string;
  updated_at: string;
  attempts: number;
  execution_arn?: string;
}

/** DynamoDB refused a transition that the state machine of statuses does not allow. */
export class TransitionError extends Error {
  override name = 'TransitionError';
}

export const nowOf = (deps: TrackingDeps): Date => (deps.now ? deps.now() : new Date());

/** TTL value (epoch seconds) `ttlDays` after now. */
export const ttlOf = (deps: TrackingDeps): number => Math.floor(nowOf(deps).getTime() / 1000) + Math.round(deps.ttlDays * 86400);
