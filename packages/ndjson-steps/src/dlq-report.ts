import { GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { filesFromS3Notification } from './s3-events';

export interface DlqReport {
  /** ApproximateNumberOfMessages of the queue. */
  approximateDepth: number;
  /** Messages read (each stays in the DLQ; it becomes visible again after the visibility timeout). */
  sampled: number;
  /** Announced files by date prefix. */
  byDatePrefix: Record<string, number>;
  /** Messages whose body is not an S3 event notification, by reason. */
  unreadable: Record<string, number>;
  oldestSentAt?: string;
  maxReceiveCount: number;
  /** A few keys (never bodies) to start from. */
  exampleKeys: string[];
}

/**
 * What the DLQ holds, without consuming it: messages are received (not deleted) with a short
 * visibility timeout and summarised by date prefix; only keys are reported, never payloads.
 */
export async function reportDlq(sqs: SQSClient, queueUrl: string, opts: { maxMessages: number; visibilityTimeoutS?: number }): Promise<DlqReport> {
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  const report: DlqReport = {
    approximateDepth: Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0),
    sampled: 0,
    byDatePrefix: {},
    unreadable: {},
    maxReceiveCount: 0,
    exampleKeys: [],
  };
  const seen = new Set<string>();
  while (report.sampled < opts.maxMessages) {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, opts.maxMessages - report.sampled),
        VisibilityTimeout: opts.visibilityTimeoutS ?? 60,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
    );
    const fresh = (res.Messages ?? []).filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const m of fresh) {
      seen.add(m.MessageId as string);
      report.sampled++;
      report.maxReceiveCount = Math.max(report.maxReceiveCount, Number(m.Attributes?.ApproximateReceiveCount ?? 0));
      const sent = m.Attributes?.SentTimestamp ? new Date(Number(m.Attributes.SentTimestamp)).toISOString() : undefined;
      if (sent && (!report.oldestSentAt || sent < report.oldestSentAt)) report.oldestSentAt = sent;
      try {
        for (const f of filesFromS3Notification(m.Body ?? '').files) {
          report.byDatePrefix[f.date_prefix] = (report.byDatePrefix[f.date_prefix] ?? 0) + 1;
          if (report.exampleKeys.length < 10) report.exampleKeys.push(f.file_key);
        }
      } catch (err) {
        const reason = (err as Error).message;
        report.unreadable[reason] = (report.unreadable[reason] ?? 0) + 1;
      }
    }
  }
  return report;
}
