import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from './clock';

export interface TokenBucketOptions {
  client: DynamoDBClient;
  /** Physical name of the `rate_limits` table. */
  table: string;
  /** One bucket per API key (e.g. `congress-gov`): every fetcher using the key shares it. */
  bucketId: string;
  /** Requests allowed in any hour (congress.gov: 5,000 per key). */
  hourlyLimit: number;
  /** Tokens a fetcher may spend at once after a quiet spell. */
  burst: number;
  clock: Clock;
}

const HOUR_MS = 3_600_000;

interface BucketItem {
  tokens: number;
  refilledAt: number;
  version: number;
}

/**
 * A token bucket whose state is one DynamoDB item, shared by every concurrent fetcher (Lambda
 * containers, Map iterations). Taking tokens is read → compute the refill → conditional write on
 * the version read: of two fetchers that read the same version one wins, the other re-reads.
 *
 * Refill rate = (hourlyLimit − burst) per hour, and the bucket holds at most `burst`: in any hour at
 * most burst + (hourlyLimit − burst) = hourlyLimit tokens can be taken, so the hourly budget holds
 * over every sliding hour, not only per clock hour.
 */
export class TokenBucket {
  private readonly doc: DynamoDBDocumentClient;
  private readonly ratePerMs: number;

  constructor(private readonly options: TokenBucketOptions) {
    if (options.burst < 1 || options.burst >= options.hourlyLimit) throw new Error(`burst must be in [1, hourlyLimit): ${options.burst}`);
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.ratePerMs = (options.hourlyLimit - options.burst) / HOUR_MS;
  }

  /** Wait until `n` tokens are taken (n ≤ burst). Returns the milliseconds spent waiting. */
  async take(n = 1): Promise<number> {
    if (n > this.options.burst) throw new Error(`cannot take ${n} tokens from a bucket of ${this.options.burst}`);
    const started = this.options.clock.now();
    for (;;) {
      const outcome = await this.tryTake(n);
      if (outcome === 'taken') return this.options.clock.now() - started;
      // 'conflict': another fetcher wrote between our read and write; read again at once.
      if (outcome !== 'conflict') await this.options.clock.sleep(outcome);
    }
  }

  /**
   * The API says only `remaining` requests are left (X-RateLimit-Remaining): lower the shared bucket to
   * that, so every fetcher slows down, not only the one that saw the header (another key user, or a
   * restarted bucket, may have spent what the bucket believes it holds).
   */
  async limitTo(remaining: number): Promise<void> {
    const item = await this.read();
    const level = this.level(item);
    if (level <= remaining) return;
    await this.write({ tokens: Math.max(0, remaining), refilledAt: this.options.clock.now(), version: item.version + 1 }, item.version).catch((error) => {
      // Someone else moved the bucket meanwhile; their write is at least as fresh.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  }

  /** 'taken', 'conflict' (lost the conditional write), or the milliseconds until enough tokens will have refilled. */
  private async tryTake(n: number): Promise<'taken' | 'conflict' | number> {
    const item = await this.read();
    const level = this.level(item);
    if (level < n) return Math.max(1, Math.ceil((n - level) / this.ratePerMs));
    try {
      await this.write({ tokens: level - n, refilledAt: this.options.clock.now(), version: item.version + 1 }, item.version);
      return 'taken';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }

  private level(item: BucketItem): number {
    const elapsed = Math.max(0, this.options.clock.now() - item.refilledAt);
    return Math.min(this.options.burst, item.tokens + elapsed * this.ratePerMs);
  }

  private async read(): Promise<BucketItem> {
    const out = await this.doc.send(new GetCommand({ TableName: this.options.table, Key: { bucket_id: this.options.bucketId }, ConsistentRead: true }));
    if (!out.Item) return { tokens: this.options.burst, refilledAt: this.options.clock.now(), version: 0 };
    return { tokens: Number(out.Item.tokens), refilledAt: Number(out.Item.refilled_at), version: Number(out.Item.version) };
  }

  private async write(next: BucketItem, readVersion: number): Promise<void> {
    if (readVersion === 0) {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.table,
          Item: { bucket_id: this.options.bucketId, tokens: next.tokens, refilled_at: next.refilledAt, version: next.version },
          ConditionExpression: 'attribute_not_exists(bucket_id)',
        }),
      );
      return;
    }
    await this.doc.send(
      new UpdateCommand({
        TableName: this.options.table,
        Key: { bucket_id: this.options.bucketId },
        UpdateExpression: 'SET tokens = :t, refilled_at = :r, version = :next',
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':t': next.tokens, ':r': next.refilledAt, ':next': next.version, ':read': readVersion },
      }),
    );
  }
}
