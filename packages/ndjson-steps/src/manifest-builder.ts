import { randomUUID } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ObjectStore } from '@medallion/lake';
import type { Dispatcher, ExecutionStatus, FileTracking, InputFile, Manifest, PendingFile, ResiliencePolicy } from './ports';
import { manifestInputFor } from './manifest-store';
import { filesFromS3Notification } from './s3-events';

export interface ManifestLimits {
  maxFiles: number;
  maxBytes: number;
  maxWaitS: number;
}

export interface BuilderDeps {
  tracking: FileTracking;
  dispatcher: Dispatcher;
  policy: ResiliencePolicy;
  limits: ManifestLimits;
  /**
   * The lake: a manifest too large to travel inline is written under _manifests/ndjson/ and started by its key
   * (without a lake it stays inline); orphan recovery removes there what a failed execution wrote.
   */
  lake?: ObjectStore;
  now?: () => Date;
  /** Logs skipped keys and dispatch outcomes (never payloads). */
  log?: (message: string, detail: Record<string, unknown>) => void;
}

export interface BuilderResult extends SQSBatchResponse {
  registered: number;
  duplicates: number;
  skipped: number;
  manifests: string[];
  /** Set when dispatch failed (breaker open, API down): the batch went back to the queue. */
  dispatchError?: string;
}

/** manifest id = execution name: [A-Za-z0-9-_], ≤ 80 characters, sortable by creation time. */
export function newManifestId(now: Date): string {
  return `m-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomUUID()}`;
}

/**
 * The files of the next manifest, or none yet: a manifest closes at maxFiles, at maxBytes, or
 * when its oldest pending file has waited maxWaitS. Takes files in the given order (the claim
 * order listPendingFiles returns: shard by shard from a random one, oldest first in each) up to
 * both limits (a single file above maxBytes still makes a manifest of one).
 */
export function selectManifest(pending: PendingFile[], limits: ManifestLimits, now: Date): PendingFile[] {
  if (pending.length === 0) return [];
  const picked: PendingFile[] = [];
  let bytes = 0;
  for (const f of pending) {
    if (picked.length >= limits.maxFiles || (picked.length > 0 && bytes + f.size > limits.maxBytes)) break;
    picked.push(f);
    bytes += f.size;
  }
  const full = picked.length >= limits.maxFiles || bytes >= limits.maxBytes || picked.length < pending.length;
  const oldest = Math.min(...pending.map((f) => Date.parse(f.registered_at)));
  const waited = now.getTime() - oldest >= limits.maxWaitS * 1000;
  return full || waited ? picked : [];
}

const bytesOf = (files: InputFile[]) => files.reduce((n, f) => n + f.size, 0);
const asInput = ({ date_prefix, file_key, size, etag }: InputFile): InputFile => ({ date_prefix, file_key, size, etag });

/**
 * Claim and start manifests while enough files are pending. Each manifest record is written
 * (by claimFiles) before its files are claimed (a crash after the claim leaves a 'claimed' manifest that orphan
 * recovery releases); the claim is conditional, so racing builders never share a file.
 * A failed dispatch releases the manifest's files and rethrows.
 */
export async function dispatchReadyManifests(deps: BuilderDeps, maxManifests = 10): Promise<string[]> {
  const now = deps.now ?? (() => new Date());
  const started: string[] = [];
  for (let i = 0; i < maxManifests; i++) {
    // maxFiles is enough: one manifest takes at most that many, and a full page means "full". Each pass starts at a
    // random shard, so concurrent builders claim different shards' files instead of racing for the same oldest ones.
    const pending = await deps.tracking.listPendingFiles({ limit: deps.limits.maxFiles, startShard: 'random' });
    const candidates = selectManifest(pending, deps.limits, now()).map(asInput);
    if (candidates.length === 0) break;
    const manifestId = newManifestId(now());
    // claimFiles writes the manifest record (claimed, open) before it claims any file.
    const claimed = (await deps.tracking.claimFiles(candidates, manifestId)).map(asInput);
    if (claimed.length === 0) {
      // Another builder claimed them first: nothing of ours to start.
      await deps.tracking.finishManifest(manifestId, 'released');
      continue;
    }
    const manifest: Manifest = { manifest_id: manifestId, files: claimed, bytes: bytesOf(claimed) };
    let dispatched = false;
    try {
      // The same id writes the same bytes: a retried or re-driven dispatch rewrites its own manifest file.
      const input = await manifestInputFor(deps.lake, manifest);
      const res = await deps.policy.execute(() => deps.dispatcher.dispatch(input));
      dispatched = true;
      await recordStarted(deps, manifestId, res.executionArn);
      deps.log?.('manifest dispatched', { manifestId, files: claimed.length, bytes: manifest.bytes, outcome: res.outcome });
      started.push(manifestId);
    } catch (err) {
      // Dispatched but not recorded: the execution owns the files; recovery records the outcome.
      if (!dispatched) await releaseUnlessStarted(deps, manifest, err);
      throw err;
    }
  }
  return started;
}

/**
 * A fast execution can finish — UpdateStatus or Compensate settling the manifest — before its start
 * is recorded; the conditional write then finds it final, which is no error: the execution ran.
 */
async function recordStarted(deps: BuilderDeps, manifestId: string, executionArn: string | undefined): Promise<void> {
  try {
    await deps.tracking.markManifestStarted(manifestId, executionArn);
  } catch (err) {
    if ((err as Error).name !== 'TransitionError') throw err;
    deps.log?.('manifest settled before its start was recorded', { manifestId });
  }
}

/**
 * A failed dispatch gives the files back only when the execution did not start: the breaker
 * refused before any call, Step Functions has no execution of that name, or — when it cannot be
 * asked — the service itself answered the start with an error. A timeout or a lost response may
 * hide a started execution; releasing its files then would let a second manifest convert them
 * again, so the manifest stays claimed and the hourly orphan recovery settles it from the
 * execution's own status.
 */
async function releaseUnlessStarted(deps: BuilderDeps, manifest: Manifest, err: unknown): Promise<void> {
  let status: ExecutionStatus;
  if ((err as Error).name === 'BreakerOpen') status = 'NOT_FOUND';
  else {
    try {
      status = await deps.dispatcher.executionStatus(manifest.manifest_id);
    } catch {
      const answered = typeof (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 'number';
      if (!answered) return;
      status = 'NOT_FOUND';
    }
  }
  if (status !== 'NOT_FOUND' && status !== 'UNKNOWN') return;
  await deps.tracking.releaseFiles(manifest.files, manifest.manifest_id);
  await deps.tracking.finishManifest(manifest.manifest_id, 'released');
}

/**
 * The manifest builder's SQS batch: register every announced file (conditional put: a
 * redelivered event is a no-op), then claim and dispatch what is ready. Records that failed to
 * register are partial batch failures; when the breaker is open (BreakerOpen, thrown before any
 * call) or dispatch fails, the claimed files are released and every record goes back to the queue
 * (registration is idempotent, so the retry costs one conditional put). There is no state() check
 * up front: only execute() lets the half-open probe through after the cool-down.
 */
export async function handleS3EventBatch(deps: BuilderDeps, event: SQSEvent): Promise<BuilderResult> {
  const all = () => event.Records.map((r) => ({ itemIdentifier: r.messageId }));
  const result: BuilderResult = { batchItemFailures: [], registered: 0, duplicates: 0, skipped: 0, manifests: [] };
  const processor = new BatchProcessor(EventType.SQS);
  const registerRecord = async (record: SQSRecord) => {
    const parsed = filesFromS3Notification(record.body);
    for (const s of parsed.skipped) deps.log?.('skipped key', { key: s.key, reason: s.reason });
    result.skipped += parsed.skipped.length;
    for (const file of parsed.files) {
      const outcome = await deps.tracking.registerFile(file);
      if (outcome === 'registered') result.registered++;
      else result.duplicates++;
    }
  };
  const partial = await processPartialResponse(event, registerRecord, processor, { throwOnFullBatchFailure: false });
  result.batchItemFailures = partial.batchItemFailures;
  try {
    result.manifests = await dispatchReadyManifests(deps);
  } catch (err) {
    result.batchItemFailures = all();
    result.dispatchError = `${(err as Error).name}: ${(err as Error).message}`;
  }
  return result;
}
