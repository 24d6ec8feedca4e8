/** The real @medallion/file-tracking on fresh dynalite tables per call, and what the tables hold. */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { fileTracking } from '../src/wiring';

const opened: LocalDynamo[] = [];
let seq = 0;
const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;

export async function closeTrackingTables(): Promise<void> {
  await Promise.all(opened.splice(0).map((d) => d.stop()));
}

/** String attributes of every item (all this test reads). */
async function scanAll(dynamo: LocalDynamo, table: string): Promise<Record<string, string | undefined>[]> {
  const out: Record<string, string | undefined>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await dynamo.client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    out.push(...(page.Items ?? []).map((i) => Object.fromEntries(Object.entries(i).map(([k, v]) => [k, v.S]))));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return out;
}

export async function dynamoTracking(now: () => Date = () => new Date()) {
  const dynamo = await testLocalDynamo(`nds${runId}${++seq}`);
  opened.push(dynamo);
  const tracking = fileTracking({
    client: dynamo.client,
    table: dynamo.tables.file_tracking,
    manifestsTable: dynamo.tables.ndjson_manifests,
    shards: 4,
    ttlDays: 30,
    now,
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
  });
  return {
    dynamo,
    tracking,
    /** file_key → status. */
    async files(): Promise<Map<string, string>> {
      return new Map((await scanAll(dynamo, dynamo.tables.file_tracking)).map((i) => [String(i.file_key), String(i.status)]));
    },
    /** manifest_id → status. */
    async manifests(): Promise<Map<string, string>> {
      return new Map((await scanAll(dynamo, dynamo.tables.ndjson_manifests)).map((i) => [String(i.manifest_id), String(i.status)]));
    },
  };
}
