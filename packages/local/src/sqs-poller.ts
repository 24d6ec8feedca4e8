import { DeleteMessageBatchCommand, GetQueueAttributesCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { type LocalLambdaContext, lambdaContext } from './asl-runner';

/** A Lambda handler with an SQS trigger; a returned SQSBatchResponse is honoured (`ReportBatchItemFailures`). */
export type SqsHandler = (event: SQSEvent, context: LocalLambdaContext) => Promise<unknown>;

export interface PollQueueOptions {
  client: SQSClient;
  queueUrl: string;
  handler: SqsHandler;
  /** Messages per handler call (Lambda's BatchSize; 10 per ReceiveMessage, more take several receives). Default 10. */
  batchSize?: number;
  /**
   * ReceiveMessage WaitTimeSeconds. Default 0: the emulator holds a long poll until the batch is full, and a message
   * that becomes visible again during the wait is returned twice.
   */
  waitTimeSeconds?: number;
  /** Function name in the handler's context (logs). */
  functionName?: string;
  /**
   * When to stop: 'drained' (default) once the queue has no visible and no in-flight message, so failures are
   * retried after their visibility timeout until they succeed or the RedrivePolicy moves them to the DLQ; or an
   * AbortSignal to poll until aborted, as the event source mapping does.
   */
  until?: 'drained' | AbortSignal;
}

export interface PollSummary {
  batches: number;
  /** Receives (a message redelivered three times counts three). */
  received: number;
  deleted: number;
  /** Left on the queue to reappear after the visibility timeout (batchItemFailures, or a whole batch that threw). */
  failed: number;
}

const sqsArnRegion = (arn: string) => arn.split(':')[3] ?? 'us-east-1';

function toMessageAttributes(message: Message): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, a] of Object.entries(message.MessageAttributes ?? {})) {
    out[name] = {
      dataType: a.DataType ?? 'String',
      stringValue: a.StringValue,
      binaryValue: a.BinaryValue ? Buffer.from(a.BinaryValue).toString('base64') : undefined,
      stringListValues: a.StringListValues ?? [],
      binaryListValues: (a.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
    };
  }
  return out;
}

/** A received message as the Lambda service hands it to the function (field names and casing of SQSRecord). */
export function toSqsRecord(message: Message, queueArn: string): SQSRecord {
  const a = message.Attributes ?? {};
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'LOCAL',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: toMessageAttributes(message),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: sqsArnRegion(queueArn),
  };
}

async function receiveBatch(opts: PollQueueOptions, batchSize: number): Promise<Message[]> {
  const messages: Message[] = [];
  while (messages.length < batchSize) {
    const out = await opts.client.send(
      new ReceiveMessageCommand({
        QueueUrl: opts.queueUrl,
        MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
        WaitTimeSeconds: opts.waitTimeSeconds ?? 0,
        // local-aws-sqs reads the older AttributeNames; AWS takes either.
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const got = out.Messages ?? [];
    messages.push(...got);
    if (got.length < 10) break;
  }
  return messages;
}

/**
 * The messages to delete after a handler call, as the Lambda event source mapping decides: a throw fails the whole
 * batch; an itemIdentifier that is empty or not in the batch also fails the whole batch (AWS's rule).
 */
export function successfulMessages(records: SQSRecord[], response: unknown, threw: boolean): SQSRecord[] {
  if (threw) return [];
  const failures = (response as Partial<SQSBatchResponse> | null | undefined)?.batchItemFailures ?? [];
  const ids = new Set(records.map((r) => r.messageId));
  if (failures.some((f) => !f.itemIdentifier || !ids.has(f.itemIdentifier))) return [];
  const failed = new Set(failures.map((f) => f.itemIdentifier));
  return records.filter((r) => !failed.has(r.messageId));
}

async function deleteMessages(opts: PollQueueOptions, records: SQSRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 10) {
    const chunk = records.slice(i, i + 10);
    const out = await opts.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: opts.queueUrl,
        Entries: chunk.map((r, n) => ({ Id: String(n), ReceiptHandle: r.receiptHandle })),
      }),
    );
    if (out.Failed?.length) throw new Error(`DeleteMessageBatch failed for ${out.Failed.length} message(s): ${out.Failed[0].Message ?? out.Failed[0].Code}`);
  }
}

async function queueIsDrained(opts: PollQueueOptions): Promise<boolean> {
  const out = await opts.client.send(
    new GetQueueAttributesCommand({
      QueueUrl: opts.queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  const a = out.Attributes ?? {};
  return [a.ApproximateNumberOfMessages, a.ApproximateNumberOfMessagesNotVisible, a.ApproximateNumberOfMessagesDelayed].every((n) => Number(n ?? 0) === 0);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What Lambda's SQS event source mapping does, for local runs (the emulator has none): receive a batch, build the
 * SQSEvent, call the handler, delete the successes and leave the failures to reappear after the visibility timeout,
 * so the queue's RedrivePolicy moves a message that keeps failing to the DLQ.
 */
export async function pollQueue(opts: PollQueueOptions): Promise<PollSummary> {
  const batchSize = opts.batchSize ?? 10;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const arnOut = await opts.client.send(new GetQueueAttributesCommand({ QueueUrl: opts.queueUrl, AttributeNames: ['QueueArn'] }));
  const queueArn = arnOut.Attributes?.QueueArn ?? opts.queueUrl;
  const summary: PollSummary = { batches: 0, received: 0, deleted: 0, failed: 0 };
  const until = opts.until ?? 'drained';
  for (;;) {
    if (until !== 'drained' && until.aborted) return summary;
    const messages = await receiveBatch(opts, batchSize);
    if (messages.length === 0) {
      if (until === 'drained' && (await queueIsDrained(opts))) return summary;
      // In-flight messages come back after their visibility timeout (or go to the DLQ): look again shortly.
      await pause(50);
      continue;
    }
    const records = messages.map((m) => toSqsRecord(m, queueArn));
    let response: unknown;
    let threw = false;
    try {
      response = await opts.handler({ Records: records }, lambdaContext(opts.functionName ?? 'sqs-consumer', 900));
    } catch {
      // As Lambda: the whole batch returns to the queue; the function's own logging reports why.
      threw = true;
    }
    const ok = successfulMessages(records, response, threw);
    await deleteMessages(opts, ok);
    summary.batches += 1;
    summary.received += records.length;
    summary.deleted += ok.length;
    summary.failed += records.length - ok.length;
  }
}
