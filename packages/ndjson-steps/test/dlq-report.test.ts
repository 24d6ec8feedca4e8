// The SQS responses are scripted (aws-sdk-client-mock): what is tested is the summary — counts by date prefix,
// unreadable bodies by reason, a message received twice counted once, bodies never in the report.
import { mockClient } from 'aws-sdk-client-mock';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { reportDlq } from '../src/dlq-report';
import { sqsEventFor } from './events';

it('summarises the DLQ by date prefix without deleting anything', async () => {
  const sqs = mockClient(SQSClient);
  const [a, b] = sqsEventFor([
    { key: '2026-12-01/a.ndjson', size: 1 },
    { key: '2026-12-02/b.ndjson.gz', size: 1 },
  ]).Records;
  const msg = (id: string, body: string, sent: number) => ({
    MessageId: id,
    Body: body,
    Attributes: { ApproximateReceiveCount: '5', SentTimestamp: String(sent) },
  });
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '3' } });
  sqs
    .on(ReceiveMessageCommand)
    .resolvesOnce({ Messages: [msg('1', a.body, 2000), msg('2', 'secret payload, not JSON', 1000)] })
    .resolvesOnce({ Messages: [msg('1', a.body, 2000), msg('3', b.body, 3000)] })
    .resolves({ Messages: [] });
  const report = await reportDlq(new SQSClient({ region: 'us-east-1' }), 'https://sqs/dlq', { maxMessages: 10 });
  expect(report).toEqual({
    approximateDepth: 3,
    sampled: 3,
    byDatePrefix: { '2026-12-01': 1, '2026-12-02': 1 },
    unreadable: { 'message body is not JSON (expected an S3 event notification)': 1 },
    oldestSentAt: new Date(1000).toISOString(),
    maxReceiveCount: 5,
    exampleKeys: ['2026-12-01/a.ndjson', '2026-12-02/b.ndjson.gz'],
  });
  expect(JSON.stringify(report)).not.toContain('secret');
  expect(sqs.commandCalls(ReceiveMessageCommand).every((c) => (c.args[0].input.VisibilityTimeout ?? 0) > 0)).toBe(true);
  sqs.restore();
});
