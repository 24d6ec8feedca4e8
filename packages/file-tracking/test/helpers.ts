import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TrackedFile, TrackingDeps } from '../src';

export const DAY = '2025-03-01';

export function files(n: number, prefix = 'part', day = DAY): TrackedFile[] {
  return Array.from({ length: n }, (_, i) => ({
    date_prefix: day,
    file_key: `${day}/${prefix}-${String(i).padStart(4, '0')}.ndjson`,
    size: 100 + i,
    etag: `"e${i}"`,
  }));
}

export async function item(client: DynamoDBClient, table: string, file: TrackedFile): Promise<Record<string, unknown> | undefined> {
  const out = await DynamoDBDocumentClient.from(client).send(
    new GetCommand({ TableName: table, Key: { date_prefix: file.date_prefix, file_key: file.file_key }, ConsistentRead: true }),
  );
  return out.Item;
}

export const fastRetry: TrackingDeps['retry'] = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 };
export const FIXED_NOW = new Date('2025-03-01T12:00:00.000Z');
