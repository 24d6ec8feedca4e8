/** The DLQ report against the real SQS protocol (local-aws-sqs): counts by date prefix, no bodies, nothing consumed. */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { s3EventRecords, startLocalSqs } from '@medallion/local';
import { handler } from '../src';

const saved = { ...process.env };
let sqs: Awaited<ReturnType<typeof startLocalSqs>>;

beforeAll(async () => {
  sqs = await startLocalSqs();
  const { queueUrl } = await sqs.createQueue('fn-dlq-report');
  for (const body of s3EventRecords('input', [
    { key: '2026-12-01/a.ndjson', size: 3 },
    { key: '2026-12-02/b.ndjson', size: 4 },
  ])) {
    await sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  }
  Object.assign(process.env, { SQS_ENDPOINT: sqs.endpoint, NDJSON_DLQ_URL: queueUrl, LOG_LEVEL: 'ERROR' });
});
afterAll(async () => {
  process.env = saved;
  await sqs.stop();
});

it('reports what the queue holds by date prefix, without the message bodies', async () => {
  const report = (await handler({}, {} as Context)) as { sampled: number; byDatePrefix: Record<string, number> };
  expect(report.sampled).toBe(2);
  expect(report.byDatePrefix).toEqual({ '2026-12-01': 1, '2026-12-02': 1 });
  expect(JSON.stringify(report)).not.toContain('"Records"');
});
