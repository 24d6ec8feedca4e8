import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { type LocalSqs, pollQueue, s3EventRecords, s3TestEventBody, startLocalSqs } from '../src';
import { successfulMessages } from '../src/sqs-poller';

let sqs: LocalSqs;
beforeAll(async () => {
  sqs = await startLocalSqs();
});
afterAll(async () => {
  await sqs.stop();
});

async function send(queueUrl: string, bodies: string[]) {
  for (let i = 0; i < bodies.length; i += 10)
    await sqs.client.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.slice(i, i + 10).map((b, n) => ({ Id: String(n), MessageBody: b })) }),
    );
}

async function drainDlq(dlqUrl: string): Promise<string[]> {
  const out = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10 }));
  return (out.Messages ?? []).map((m) => m.Body as string);
}

describe('startLocalSqs + pollQueue', () => {
  it('builds a real SQSEvent, deletes successes and redrives a message that keeps failing to the DLQ after maxReceiveCount', async () => {
    const q = await sqs.createQueue('partial', { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 });
    await send(q.queueUrl, ['ok-1', 'poison', 'ok-2']);
    const seen: SQSRecord[] = [];
    const summary = await pollQueue({
      client: sqs.client,
      queueUrl: q.queueUrl,
      batchSize: 10,
      handler: async (event) => {
        seen.push(...event.Records);
        return { batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    const bodies = seen.map((r) => r.body).sort();
    expect(bodies).toEqual(['ok-1', 'ok-2', 'poison', 'poison']);
    expect(seen.filter((r) => r.body === 'poison').map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    const first = seen[0];
    expect(first).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: q.queueArn, awsRegion: 'us-east-1' });
    expect(first.messageId).toEqual(expect.any(String));
    expect(first.receiptHandle).toEqual(expect.any(String));
    expect(first.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    expect(summary).toMatchObject({ received: 4, deleted: 2, failed: 2 });
    expect(await drainDlq(q.dlqUrl as string)).toEqual(['poison']);
  });

  it('returns the whole batch to the queue when the handler throws, and processes it on redelivery', async () => {
    const q = await sqs.createQueue('throws', { visibilityTimeoutSeconds: 1, maxReceiveCount: 3 });
    await send(q.queueUrl, ['a', 'b']);
    const calls: string[][] = [];
    const summary = await pollQueue({
      client: sqs.client,
      queueUrl: q.queueUrl,
      handler: async (event) => {
        calls.push(event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`).sort());
        if (calls.length === 1) throw new Error('crash');
      },
    });
    expect(calls).toEqual([
      ['a#1', 'b#1'],
      ['a#2', 'b#2'],
    ]);
    expect(summary).toEqual({ batches: 2, received: 4, deleted: 2, failed: 2 });
    expect(await drainDlq(q.dlqUrl as string)).toEqual([]);
  });

  it('splits a queue into batches of batchSize and passes message attributes in Lambda casing', async () => {
    const q = await sqs.createQueue('batches');
    await sqs.client.send(
      new SendMessageCommand({ QueueUrl: q.queueUrl, MessageBody: 'm0', MessageAttributes: { kind: { DataType: 'String', StringValue: 'x' } } }),
    );
    await send(
      q.queueUrl,
      Array.from({ length: 4 }, (_, i) => `m${i + 1}`),
    );
    const sizes: number[] = [];
    const attrs: unknown[] = [];
    await pollQueue({
      client: sqs.client,
      queueUrl: q.queueUrl,
      batchSize: 2,
      handler: async (event) => {
        sizes.push(event.Records.length);
        for (const r of event.Records) if (r.body === 'm0') attrs.push(r.messageAttributes);
      },
    });
    expect(sizes.every((n) => n <= 2)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5);
    expect(attrs).toEqual([{ kind: { dataType: 'String', stringValue: 'x', stringListValues: [], binaryListValues: [] } }]);
  });

  it('lets several pollers share a queue like concurrent invocations, each message handled once', async () => {
    const q = await sqs.createQueue('shared');
    const bodies = Array.from({ length: 30 }, (_, i) => `s${i}`);
    await send(q.queueUrl, bodies);
    const seen: string[] = [];
    const handler = async (event: { Records: SQSRecord[] }) => {
      seen.push(...event.Records.map((r) => r.body));
      await new Promise((resolve) => setImmediate(resolve));
    };
    const summaries = await Promise.all([1, 2].map(() => pollQueue({ client: sqs.client, queueUrl: q.queueUrl, handler, batchSize: 5 })));
    expect(seen.sort()).toEqual([...bodies].sort());
    expect(summaries.reduce((n, s) => n + s.deleted, 0)).toBe(30);
  });

  it('stops polling when aborted', async () => {
    const q = await sqs.createQueue('abort');
    const controller = new AbortController();
    controller.abort();
    expect(await pollQueue({ client: sqs.client, queueUrl: q.queueUrl, handler: async () => undefined, until: controller.signal })).toEqual({
      batches: 0,
      received: 0,
      deleted: 0,
      failed: 0,
    });
    await expect(pollQueue({ client: sqs.client, queueUrl: q.queueUrl, handler: async () => undefined, batchSize: 0 })).rejects.toThrow(
      'batchSize must be a positive integer',
    );
  });
});

describe('successfulMessages (the event source mapping rule)', () => {
  const records = ['1', '2', '3'].map((messageId) => ({ messageId, receiptHandle: `r${messageId}` }) as SQSRecord);
  it('deletes all but the reported failures', () => {
    expect(successfulMessages(records, { batchItemFailures: [{ itemIdentifier: '2' }] }, false).map((r) => r.messageId)).toEqual(['1', '3']);
    expect(successfulMessages(records, undefined, false)).toHaveLength(3);
  });
  it('fails the whole batch on a throw, or an identifier that is empty or not in the batch', () => {
    expect(successfulMessages(records, undefined, true)).toEqual([]);
    expect(successfulMessages(records, { batchItemFailures: [{ itemIdentifier: 'nope' }] }, false)).toEqual([]);
    expect(successfulMessages(records, { batchItemFailures: [{ itemIdentifier: '' }] }, false)).toEqual([]);
  });
});

describe('s3EventRecords', () => {
  it('writes one S3 notification per object with the key form-encoded as S3 does', () => {
    const [body] = s3EventRecords('input', [{ key: '2024-05-01/a b=c(1).ndjson.gz', size: 12, etag: 'abc' }]);
    const event = JSON.parse(body);
    expect(event.Records).toHaveLength(1);
    const r = event.Records[0];
    expect(r).toMatchObject({ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', awsRegion: 'us-east-1' });
    expect(r.s3.bucket).toMatchObject({ name: 'input', arn: 'arn:aws:s3:::input' });
    expect(r.s3.object).toMatchObject({ key: '2024-05-01/a+b%3Dc%281%29.ndjson.gz', size: 12, eTag: 'abc' });
    expect(decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '))).toBe('2024-05-01/a b=c(1).ndjson.gz');
  });

  it('gives increasing sequencers and the s3:TestEvent shape without Records', () => {
    const bodies = s3EventRecords('input', [
      { key: 'a', size: 1 },
      { key: 'b', size: 2 },
    ]);
    const seq = bodies.map((b) => JSON.parse(b).Records[0].s3.object.sequencer as string);
    expect(seq[0] < seq[1]).toBe(true);
    const test = JSON.parse(s3TestEventBody('input'));
    expect(test).toMatchObject({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'input' });
    expect(test.Records).toBeUndefined();
  });

  it('travels through the queue to a handler unchanged', async () => {
    const q = await sqs.createQueue('s3-events');
    const bodies = [s3TestEventBody('input'), ...s3EventRecords('input', [{ key: '2024-05-01/x.ndjson', size: 5 }])];
    await send(q.queueUrl, bodies);
    const got: string[] = [];
    await pollQueue({ client: sqs.client, queueUrl: q.queueUrl, handler: async (e) => void got.push(...e.Records.map((r) => r.body)) });
    expect(got.sort()).toEqual([...bodies].sort());
  });
});
