import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelay, sleep, withRetry } from './retry';
import type { RetryOptions } from './types';

/** One BatchWriteItem entry (document form): a put of a whole item or a delete by key. */
export type BatchWriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

export interface BatchWriteResult {
  written: number;
  /** BatchWriteItem calls made, retries included. */
  requests: number;
}

/** Items DynamoDB still had not written after every retry. */
export class UnprocessedItemsError extends Error {
  override name = 'UnprocessedItems';
  constructor(readonly unprocessed: number) {
    super(`BatchWriteItem left ${unprocessed} item(s) unprocessed after every retry`);
  }
}

const BATCH_LIMIT = 25; // DynamoDB's per-call maximum

/**
 * BatchWriteItem in chunks of 25, resending only the UnprocessedItems of each response after an exponential
 * backoff with full jitter (AWS's advice: unprocessed items mean the table or partition is at capacity), and
 * retrying a whole call that failed with throttling or a timeout. Puts and deletes are unconditional, so this
 * is for items nothing else writes concurrently (bulk seeding, cleanup), not for status transitions.
 */
export async function batchWriteWithRetry(
  client: DynamoDBClient,
  table: string,
  requests: BatchWriteRequest[],
  options: RetryOptions = {},
): Promise<BatchWriteResult> {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const maxAttempts = options.maxAttempts ?? 8;
  let requestCount = 0;
  for (let start = 0; start < requests.length; start += BATCH_LIMIT) {
    let pending = requests.slice(start, start + BATCH_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts) throw new UnprocessedItemsError(pending.length + Math.max(0, requests.length - start - BATCH_LIMIT));
      if (attempt > 0) await sleep(backoffDelay(attempt - 1, options));
      const out = await withRetry(() => {
        requestCount++;
        return doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      }, options);
      pending = (out.UnprocessedItems?.[table] ?? []) as BatchWriteRequest[];
    }
  }
  return { written: requests.length, requests: requestCount };
}
