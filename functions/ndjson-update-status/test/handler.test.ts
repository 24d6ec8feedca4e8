/** UpdateStatus as the state machine calls it, configured by environment only, against dynalite. */
import type { Context } from 'aws-lambda';
import { claimFiles, listPendingFiles, registerFile, type TrackingDeps } from '@medallion/file-tracking';
import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { handler } from '../src';

let dynamo: LocalDynamo;
let deps: TrackingDeps;
const saved = { ...process.env };

beforeAll(async () => {
  dynamo = await testLocalDynamo('fnndjsonstatus');
  deps = { client: dynamo.client, table: dynamo.tables.file_tracking, manifestsTable: dynamo.tables.ndjson_manifests, shards: 4, ttlDays: 30 };
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    MEDALLION_TABLE_FILE_TRACKING: deps.table,
    MEDALLION_TABLE_NDJSON_MANIFESTS: deps.manifestsTable,
    LOG_LEVEL: 'ERROR',
  });
});
afterAll(async () => {
  process.env = saved;
  await dynamo.stop();
});

it("marks the manifest's files processed and the manifest succeeded; a retried call changes nothing", async () => {
  const files = [0, 1].map((i) => ({ date_prefix: '2026-12-01', file_key: `2026-12-01/s${i}.ndjson`, size: 1, etag: 'e' }));
  for (const f of files) await registerFile(deps, f);
  expect(await claimFiles(deps, files, 'm-status')).toHaveLength(2);
  expect(await handler({ manifest_id: 'm-status', files }, {} as Context)).toEqual({ manifestId: 'm-status', processed: 2 });
  expect(await handler({ manifest_id: 'm-status', files }, {} as Context)).toEqual({ manifestId: 'm-status', processed: 2 });
  expect(await listPendingFiles(deps, { limit: 10 })).toEqual([]);
});

it('refuses a manifest id that could not be an execution name', async () => {
  await expect(handler({ manifest_id: 'a b', files: [] }, {} as Context)).rejects.toThrow(/invalid event for ndjson-update-status: manifest_id/);
});
