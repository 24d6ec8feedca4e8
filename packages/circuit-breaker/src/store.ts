import { ConditionalCheckFailedException, type DynamoDBClient, GetItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';

export type BreakerState = 'closed' | 'open' | 'half_open';

/** One `circuit_breakers` item as read (a missing item is a closed breaker at version 0). */
export interface BreakerRecord {
  state: BreakerState;
  failures: number;
  /** When the breaker last opened (open) or when the half-open probe was claimed (half_open). */
  openedAt: Date | null;
  probeStartedAt: Date | null;
  version: number;
}

const CLOSED: BreakerRecord = { state: 'closed', failures: 0, openedAt: null, probeStartedAt: null, version: 0 };

/**
 * The breaker's state in DynamoDB, so every container (and every cold start) sees the same state. Every write
 * increments `version`; the transitions that must happen once (claiming the half-open probe, closing or reopening
 * after it) are conditioned on the version the caller read, so of two containers only one wins. The low-level
 * client (not lib-dynamodb): the item is five attributes, and faults can be injected on the client it is given.
 */
export class BreakerStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly breakerId: string,
  ) {}

  async read(): Promise<BreakerRecord> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.table, Key: this.key(), ConsistentRead: true }));
    const item = out.Item;
    if (!item) return CLOSED;
    return {
      state: parseState(item.state?.S),
      failures: Number(item.failures?.N ?? 0),
      openedAt: item.opened_at?.S ? new Date(item.opened_at.S) : null,
      probeStartedAt: item.probe_started_at?.S ? new Date(item.probe_started_at.S) : null,
      version: Number(item.version?.N ?? 0),
    };
  }

  /**
   * Count one failure while closed (atomic ADD: concurrent failures in several containers all count) and open the
   * breaker when the count reaches the threshold. Returns whether the breaker is open after the call.
   */
  async recordClosedFailure(threshold: number, now: Date): Promise<boolean> {
    const counted = await this.update({
      set: 'failures = if_not_exists(failures, :zero) + :one, #state = :closed',
      condition: 'attribute_not_exists(breaker_id) OR #state = :closed',
      values: { ':closed': { S: 'closed' } },
      now,
      returnNew: true,
    });
    if (!counted) return false; // not closed any more: another container opened it
    if (Number(counted.failures?.N ?? 0) < threshold) return false;
    // Any container that saw the count reach the threshold may open it; the condition makes it happen once.
    await this.update({
      set: '#state = :open, opened_at = :now',
      condition: '#state = :closed AND failures >= :threshold',
      values: { ':closed': { S: 'closed' }, ':open': { S: 'open' }, ':threshold': { N: String(threshold) } },
      now,
    });
    return true;
  }

  /** A success while closed ends a run of failures (only written when the read showed some). */
  async resetFailures(now: Date): Promise<void> {
    await this.update({ set: 'failures = :zero', condition: '#state = :closed AND failures > :zero', values: { ':closed': { S: 'closed' } }, now });
  }

  /**
   * Claim the one half-open probe: open (cool-down over) or half_open (the previous probe's lease expired) →
   * half_open, conditioned on the version read. Returns the claimed version, or null when another container won.
   */
  async claimProbe(read: BreakerRecord, now: Date): Promise<number | null> {
    const claimed = await this.update({
      set: '#state = :half, probe_started_at = :now',
      condition: '#state = :from AND version = :version',
      values: { ':half': { S: 'half_open' }, ':from': { S: read.state }, ':version': { N: String(read.version) } },
      now,
      returnNew: true,
    });
    return claimed ? Number(claimed.version.N) : null;
  }

  /** The probe succeeded: closed, failures cleared (only if this container still holds the probe). */
  async closeAfterProbe(probeVersion: number, now: Date): Promise<boolean> {
    return this.finishProbe(probeVersion, now, '#state = :closed, failures = :zero REMOVE opened_at, probe_started_at', { ':closed': { S: 'closed' } });
  }

  /** The probe failed: open again, the cool-down starting now. */
  async reopenAfterProbe(probeVersion: number, now: Date): Promise<boolean> {
    return this.finishProbe(probeVersion, now, '#state = :open, opened_at = :now REMOVE probe_started_at', { ':open': { S: 'open' } });
  }

  private async finishProbe(probeVersion: number, now: Date, set: string, values: Record<string, AttributeValue>): Promise<boolean> {
    const done = await this.update({
      set,
      condition: '#state = :half AND version = :version',
      values: { ...values, ':half': { S: 'half_open' }, ':version': { N: String(probeVersion) } },
      now,
    });
    return done !== null;
  }

  /**
   * One conditional UpdateItem that also bumps `version` and `updated_at`. `set` may end in a REMOVE clause.
   * Returns the new item (or {} without returnNew), or null when the condition failed.
   */
  private async update(req: {
    set: string;
    condition: string;
    values: Record<string, AttributeValue>;
    now: Date;
    returnNew?: boolean;
  }): Promise<Record<string, AttributeValue> | null> {
    const [setPart, removePart] = req.set.split(' REMOVE ');
    const expression = `SET ${setPart}, version = if_not_exists(version, :zero) + :one, updated_at = :now${removePart ? ` REMOVE ${removePart}` : ''}`;
    const used = `${expression} ${req.condition}`;
    const values: Record<string, AttributeValue> = { ...req.values, ':zero': { N: '0' }, ':one': { N: '1' }, ':now': { S: req.now.toISOString() } };
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: this.key(),
          UpdateExpression: expression,
          ConditionExpression: req.condition,
          // DynamoDB rejects values an expression does not use.
          ExpressionAttributeValues: Object.fromEntries(Object.entries(values).filter(([name]) => new RegExp(`${name}\\b`).test(used))),
          ExpressionAttributeNames: used.includes('#state') ? { '#state': 'state' } : undefined,
          ReturnValues: req.returnNew ? 'ALL_NEW' : 'NONE',
        }),
      );
      return out.Attributes ?? {};
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') return null;
      throw err;
    }
  }

  private key(): Record<string, AttributeValue> {
    return { breaker_id: { S: this.breakerId } };
  }
}

function parseState(value: string | undefined): BreakerState {
  return value === 'open' || value === 'half_open' ? value : 'closed';
}
