/** Compensation as the state machine's Catch calls it, configured by environment, against dynalite. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { claimFiles, listPendingFiles, registerFile, type TrackingDeps } from '@medallion/file-tracking';
import { handler } from '../src';

let dynamo: LocalDynamo;
let deps: TrackingDeps;
const saved = { ...process.env };

beforeAll(async () => {
  dynamo = await testLocalDynamo('fnndjsoncomp');
  deps = { client: dynamo.client, table: dynamo.tables.file_tracking, manifestsTable: dynamo.tables.ndjson_manifests, shards: 10, ttlDays: 30 };
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    MEDALLION_TABLE_FILE_TRACKING: deps.table,
    MEDALLION_TABLE_NDJSON_MANIFESTS: deps.manifestsTable,
    MEDALLION_LAKE_URI: mkdtempSync(join(tmpdir(), 'fn-ndjson-comp-')),
    LOG_LEVEL: 'ERROR',
  });
});
afterAll(async () => {
  process.env = saved;
  await dynamo.stop();
});

it('returns the manifest files to pending and fails the manifest; a second call changes nothing', async () => {
  const files = [0, 1].map((i) => ({ date_prefix: '2026-12-01', file_key: `2026-12-01/c${i}.ndjson`, size: 1, etag: 'e' }));
  for (const f of files) await registerFile(deps, f);
  expect(await claimFiles(deps, files, 'm-comp')).toHaveLength(2);
  const event = { manifest_id: 'm-comp', files, error: { Error: 'ConvertFailed', Cause: 'boom' } };
  expect(await handler(event, {} as Context)).toEqual({ manifestId: 'm-comp', released: 2, removed: 0 });
  expect(await handler(event, {} as Context)).toEqual({ manifestId: 'm-comp', released: 2, removed: 0 });
  expect((await listPendingFiles(deps, { limit: 10 })).map((f) => f.file_key).sort()).toEqual(files.map((f) => f.file_key));
});

it('refuses a manifest id that could not be an execution name', async () => {
  await expect(handler({ manifest_id: 'a b', files: [] }, {} as Context)).rejects.toThrow(/invalid event for ndjson-compensate: manifest_id/);
});
