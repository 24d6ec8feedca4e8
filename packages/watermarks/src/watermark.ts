import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * A high-water mark: a monotonic batch sequence plus the source fingerprints (ETags,
 * Last-Modified) that batch consumed. Comparing sequence numbers, never source ids as strings:
 * a paper filing DocID '8217571' sorts after every e-filed '2003…' and would hide them.
 */
export interface Watermark {
  watermarkId: string;
  seq: number;
  fingerprints: Record<string, string>;
  batchTs: string | null;
  advancedAt: string | null;
  /** The run (Step Functions execution id) that wrote it, when it said. */
  runId: string | null;
}

export interface AdvanceRequest {
  watermarkId: string;
  /** The sequence this run started from (what getWatermark returned). */
  fromSeq: number;
  toSeq: number;
  fingerprints: Record<string, string>;
  batchTs: string;
  /**
   * Who is advancing (the Step Functions execution id). Stored with the watermark, so a retry of
   * a write that succeeded (its response lost, or the task timed out after it) is recognised as
   * this run's own write instead of a conflict.
   */
  runId?: string;
  now?: Date;
}

export class WatermarkConflictError extends Error {
  override name = 'WatermarkConflict';
  constructor(
    readonly watermarkId: string,
    readonly fromSeq: number,
    readonly toSeq: number,
  ) {
    super(`watermark ${watermarkId} was not at seq ${fromSeq} (another run advanced it, or ${toSeq} is not ahead): refusing to advance to ${toSeq}`);
  }
}

const docClient = (client: DynamoDBClient) => DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

export async function getWatermark(client: DynamoDBClient, tableName: string, watermarkId: string): Promise<Watermark> {
  const out = await docClient(client).send(new GetCommand({ TableName: tableName, Key: { watermark_id: watermarkId }, ConsistentRead: true }));
  const item = out.Item;
  if (!item) return { watermarkId, seq: 0, fingerprints: {}, batchTs: null, advancedAt: null, runId: null };
  return {
    watermarkId,
    seq: Number(item.seq),
    fingerprints: (item.fingerprints as Record<string, string>) ?? {},
    batchTs: (item.batch_ts as string) ?? null,
    advancedAt: (item.advanced_at as string) ?? null,
    runId: (item.run_id as string) ?? null,
  };
}

/**
 * Move the watermark from `fromSeq` to `toSeq` in one conditional write. The condition makes it
 * compare-and-set: it never moves backwards, and of two runs that both read `fromSeq` only the
 * first write wins; the other gets WatermarkConflictError. A failed condition whose current item
 * is this run's own write of toSeq (same runId) is success: the step was retried after writing.
 */
export async function advanceWatermark(client: DynamoDBClient, tableName: string, req: AdvanceRequest): Promise<Watermark> {
  if (!Number.isInteger(req.toSeq) || req.toSeq <= req.fromSeq) throw new WatermarkConflictError(req.watermarkId, req.fromSeq, req.toSeq);
  const advancedAt = (req.now ?? new Date()).toISOString();
  try {
    await docClient(client).send(
      new PutCommand({
        TableName: tableName,
        Item: {
          watermark_id: req.watermarkId,
          seq: req.toSeq,
          fingerprints: req.fingerprints,
          batch_ts: req.batchTs,
          advanced_at: advancedAt,
          run_id: req.runId,
        },
        ConditionExpression: req.fromSeq === 0 ? 'attribute_not_exists(watermark_id) OR seq = :from' : 'seq = :from',
        ExpressionAttributeValues: { ':from': req.fromSeq },
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') {
      // Read the item back (ConsistentRead): dynalite returns no old item with a failed condition.
      const current = req.runId ? await getWatermark(client, tableName, req.watermarkId) : null;
      if (current && current.seq === req.toSeq && current.runId === req.runId) return current;
      throw new WatermarkConflictError(req.watermarkId, req.fromSeq, req.toSeq);
    }
    throw err;
  }
  return { watermarkId: req.watermarkId, seq: req.toSeq, fingerprints: req.fingerprints, batchTs: req.batchTs, advancedAt, runId: req.runId ?? null };
}
