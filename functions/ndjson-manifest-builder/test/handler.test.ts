/**
 * The deployed shape: the handler configured only by environment (as Terraform sets it), against dynalite,
 * the SQS event built by the local poller's format and the local Step Functions endpoint.
 */
import type { Context } from 'aws-lambda';
import { createOutbox, s3EventRecords, startLocalStepFunctions, testLocalDynamo, type LocalDynamo, type LocalStepFunctions } from '@medallion/local';
import { handler } from '../src';

let dynamo: LocalDynamo;
let sfn: LocalStepFunctions;
const saved = { ...process.env };

beforeAll(async () => {
  dynamo = await testLocalDynamo('fnndjsonmb');
  sfn = await startLocalStepFunctions({
    definitions: { p: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } } },
    functions: {},
    outbox: createOutbox(),
  });
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    STEPFUNCTIONS_ENDPOINT: sfn.endpoint,
    MEDALLION_TABLE_FILE_TRACKING: dynamo.tables.file_tracking,
    MEDALLION_TABLE_NDJSON_MANIFESTS: dynamo.tables.ndjson_manifests,
    MEDALLION_TABLE_CIRCUIT_BREAKERS: dynamo.tables.circuit_breakers,
    NDJSON_STATE_MACHINE_ARN: sfn.stateMachineArns.p,
    NDJSON_MANIFEST_MAX_FILES: '3',
    LOG_LEVEL: 'ERROR',
  });
});
afterAll(async () => {
  process.env = saved;
  await sfn.stop();
  await dynamo.stop();
});

const event = (bodies: string[]) => ({
  Records: bodies.map((body, i) => ({ messageId: `m${i}`, receiptHandle: `r${i}`, body, attributes: {}, messageAttributes: {}, eventSource: 'aws:sqs' })),
});

it('registers the batch, starts one execution per full manifest and reports no failures', async () => {
  const bodies = s3EventRecords(
    'in',
    [0, 1, 2, 3].map((i) => ({ key: `2026-12-01/f${i}.ndjson`, size: 5 })),
  );
  const res = await handler(event(bodies), {} as Context);
  expect(res).toEqual({ batchItemFailures: [] });
  await sfn.idle();
  expect(sfn.executions()).toHaveLength(1);
});

it('rejects an event that is not an SQS batch with a clear error', async () => {
  await expect(handler({ nope: true }, {} as Context)).rejects.toThrow(/invalid event for ndjson-manifest-builder: Records/);
});
