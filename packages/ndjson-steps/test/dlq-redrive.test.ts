/**
 * A message that is not an S3 event notification fails only its own record (partial batch failure) until the
 * queue's RedrivePolicy moves it to the DLQ; the good record in the same batch is registered once, and the DLQ
 * report names the unreadable message without printing its body. Real SQS protocol (local-aws-sqs).
 */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createOutbox, pollQueue, s3EventRecords, startLocalSqs, startLocalStepFunctions } from '@medallion/local';
import type { SQSEvent } from 'aws-lambda';
import { stepFunctionsDispatcher } from '../src/dispatcher';
import { reportDlq } from '../src/dlq-report';
import { handleS3EventBatch, type BuilderDeps } from '../src/manifest-builder';
import { closeTrackingTables, dynamoTracking } from './dynamo-tracking';

afterAll(() => closeTrackingTables());

it('moves a poison message to the DLQ after maxReceiveCount and reports it', async () => {
  const sqs = await startLocalSqs();
  const sfn = await startLocalStepFunctions({
    definitions: { p: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } } },
    functions: {},
    outbox: createOutbox(),
  });
  try {
    const queue = await sqs.createQueue('events', { visibilityTimeoutSeconds: 3, maxReceiveCount: 2 });
    const mem = await dynamoTracking();
    const deps: BuilderDeps = {
      tracking: mem.tracking,
      dispatcher: stepFunctionsDispatcher(sfn.client, sfn.stateMachineArns.p),
      policy: { execute: (fn) => fn() },
      limits: { maxFiles: 100, maxBytes: 1e9, maxWaitS: 3600 },
    };
    const [good] = s3EventRecords('in', [{ key: '2026-12-01/good.ndjson', size: 3 }]);
    await sqs.client.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.queueUrl,
        Entries: [
          { Id: 'a', MessageBody: good },
          { Id: 'b', MessageBody: 'secret: not an S3 event' },
        ],
      }),
    );
    const polled = await pollQueue({ client: sqs.client, queueUrl: queue.queueUrl, handler: (e) => handleS3EventBatch(deps, e as SQSEvent), batchSize: 10 });
    expect(polled.failed).toBeGreaterThanOrEqual(1);
    expect([...(await mem.files()).entries()]).toEqual([['2026-12-01/good.ndjson', 'pending']]);
    const report = await reportDlq(sqs.client, queue.dlqUrl as string, { maxMessages: 10 });
    expect(report).toMatchObject({ sampled: 1, unreadable: { 'message body is not JSON (expected an S3 event notification)': 1 }, byDatePrefix: {} });
    expect(JSON.stringify(report)).not.toContain('secret');
  } finally {
    await sfn.stop();
    await sqs.stop();
  }
});
