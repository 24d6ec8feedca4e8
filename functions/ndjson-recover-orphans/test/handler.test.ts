/**
 * Hourly recovery configured by environment only, against dynalite and the local Step Functions
 * endpoint: a manifest claimed an hour ago whose execution never started is released, and its
 * files are re-driven as a new manifest.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { claimFiles, registerFile, type TrackingDeps } from '@medallion/file-tracking';
import { createOutbox, startLocalStepFunctions, testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { handler } from '../src';

const saved = { ...process.env };
let dynamo: LocalDynamo;
let sfn: Awaited<ReturnType<typeof startLocalStepFunctions>>;
let deps: TrackingDeps;
const hourAgo = () => new Date(Date.now() - 3_600_000);
const definition = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };

beforeAll(async () => {
  dynamo = await testLocalDynamo('fnndjsonorphans');
  sfn = await startLocalStepFunctions({ definitions: { pipeline: definition }, functions: {}, outbox: createOutbox() });
  deps = { client: dynamo.client, table: dynamo.tables.file_tracking, manifestsTable: dynamo.tables.ndjson_manifests, shards: 4, ttlDays: 30, now: hourAgo };
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    STEPFUNCTIONS_ENDPOINT: sfn.endpoint,
    NDJSON_STATE_MACHINE_ARN: sfn.stateMachineArns.pipeline,
    NDJSON_SHARDS: '4',
    MEDALLION_TABLE_FILE_TRACKING: deps.table,
    MEDALLION_TABLE_NDJSON_MANIFESTS: deps.manifestsTable,
    MEDALLION_TABLE_CIRCUIT_BREAKERS: dynamo.tables.circuit_breakers,
    MEDALLION_LAKE_URI: mkdtempSync(join(tmpdir(), 'fn-ndjson-orphans-')),
    LOG_LEVEL: 'ERROR',
  });
});
afterAll(async () => {
  process.env = saved;
  await sfn.stop();
  await dynamo.stop();
});

it('releases a manifest claimed but never started and re-drives its files', async () => {
  const files = [0, 1].map((i) => ({ date_prefix: '2026-12-01', file_key: `2026-12-01/o${i}.ndjson`, size: 1, etag: 'e' }));
  for (const f of files) await registerFile(deps, f);
  expect(await claimFiles(deps, files, 'm-orphan')).toHaveLength(2);
  const report = (await handler({ olderThanS: 60 }, {} as Context)) as { released: string[]; redriven: string[] };
  expect(report.released).toEqual(['m-orphan']);
  expect(report.redriven).toHaveLength(1);
  await sfn.idle();
  expect(sfn.executions().map((e) => e.status)).toEqual(['SUCCEEDED']);
});
