/**
 * One file's life against a local dynalite: registered (a redelivery is a no-op), claimed into a manifest,
 * converted, processed; another manifest fails and is compensated. Also a bulk seed with batchWriteWithRetry.
 *   npx tsx --import ./scripts/polyfills.mjs packages/file-tracking/examples/lifecycle.ts
 */
import { startLocalDynamo } from '@medallion/local';
import {
  batchWriteWithRetry,
  claimFiles,
  createManifest,
  finishManifest,
  getManifest,
  listOpenManifests,
  listPendingFiles,
  markManifestStarted,
  markProcessed,
  registerFile,
  releaseFiles,
  TransitionError,
  UnprocessedItemsError,
  type BatchWriteRequest,
  type ManifestRecord,
  type PendingFile,
  type TrackedFile,
  type TrackingDeps,
} from '@medallion/file-tracking';

const dynamo = await startLocalDynamo({ tablePrefix: 'example' });
const deps: TrackingDeps = {
  client: dynamo.client,
  table: dynamo.tables.file_tracking,
  manifestsTable: dynamo.tables.ndjson_manifests,
  shards: 8,
  ttlDays: 30,
};
const file = (name: string): TrackedFile => ({ date_prefix: '2025-01-01', file_key: `2025-01-01/${name}.ndjson`, size: 1024, etag: `"${name}"` });

console.log(await registerFile(deps, file('a')), await registerFile(deps, file('a')), await registerFile(deps, file('b'))); // registered duplicate registered

// Manifest builder: create the record first (orphan recovery can then always find it), then claim.
const pending: PendingFile[] = await listPendingFiles(deps, { limit: 100 });
await createManifest(deps, { manifestId: 'm-1', files: pending });
const claimed = await claimFiles(deps, pending, 'm-1');
await markManifestStarted(deps, 'm-1', { executionArn: 'arn:aws:states:us-east-1:000000000000:execution:ndjson:m-1' });
// ... the state machine converts the files ...
await markProcessed(deps, claimed, 'm-1');
await finishManifest(deps, 'm-1', 'succeeded');
const done: ManifestRecord | undefined = await getManifest(deps, 'm-1');
console.log(done?.status, done?.files.length, done?.bytes); // succeeded 2 2048

// A manifest whose conversion failed: compensation puts its files back to pending.
await registerFile(deps, file('c'));
const failing = await claimFiles(deps, await listPendingFiles(deps, { limit: 100 }), 'm-2');
await releaseFiles(deps, failing, 'm-2');
await finishManifest(deps, 'm-2', 'failed');
try {
  await markManifestStarted(deps, 'm-2');
} catch (err) {
  if (err instanceof TransitionError) console.log(err.message); // manifest m-2 cannot start: it is failed
}
console.log('open manifests:', await listOpenManifests(deps, { olderThan: new Date(), limit: 10 }));

// Bulk seeding (no condition needed: nothing else writes these items).
const seed: BatchWriteRequest[] = Array.from({ length: 60 }, (_, i) => ({
  PutRequest: { Item: { date_prefix: '2024-12-31', file_key: `2024-12-31/old-${i}.ndjson`, status: 'processed' } },
}));
try {
  console.log(await batchWriteWithRetry(deps.client, deps.table, seed)); // { written: 60, requests: 3 }
} catch (err) {
  if (err instanceof UnprocessedItemsError) console.error(`${err.unprocessed} items not written`);
  throw err;
}
await dynamo.stop();
