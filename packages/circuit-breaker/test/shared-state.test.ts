import { jest } from '@jest/globals';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoClient, testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { TaskCancelledError } from 'cockatiel';
import { BreakerOpenError, createResiliencePolicy } from '../src';
import type { ResiliencePolicyOptions } from '../src/policy';

let dynamo: LocalDynamo;
let table: string;
let clock: Date;
const otherClients: ReturnType<typeof localDynamoClient>[] = [];

beforeAll(async () => {
  dynamo = await testLocalDynamo('cb');
  table = dynamo.tables.circuit_breakers;
});
afterAll(async () => {
  for (const client of otherClients) client.destroy();
  await dynamo.stop();
});
beforeEach(() => {
  clock = new Date('2026-01-01T00:00:00.000Z');
});

const COOL_DOWN_MS = 60_000;
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

/**
 * A Lambda container: its own policy object and, unless told otherwise, its own DynamoDB client — nothing shared
 * with another container but the table.
 */
function container(breakerId: string, overrides: Partial<ResiliencePolicyOptions> = {}) {
  const client = localDynamoClient(dynamo.endpoint);
  otherClients.push(client);
  return createResiliencePolicy({
    client,
    table,
    breakerId,
    failureThreshold: 3,
    halfOpenAfterMs: COOL_DOWN_MS,
    timeoutMs: 5_000,
    retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
    now: () => clock,
    ...overrides,
  });
}

const failing = () => jest.fn(async () => Promise.reject(new Error('state machine API down')));
const succeeding = () => jest.fn(async () => 'started');

async function openBreaker(breakerId: string) {
  const a = container(breakerId);
  for (let i = 0; i < 3; i++) await expect(a.execute(failing())).rejects.toThrow('state machine API down');
  expect(await a.state()).toBe('open');
}

async function storedItem(breakerId: string) {
  const out = await dynamo.client.send(new GetItemCommand({ TableName: table, Key: { breaker_id: { S: breakerId } }, ConsistentRead: true }));
  return out.Item;
}

describe('a breaker whose state lives in DynamoDB', () => {
  it('opens after the threshold of failed calls and fails fast without calling the dependency', async () => {
    const a = container('opens');
    const fn = failing();
    for (let i = 0; i < 3; i++) await expect(a.execute(fn)).rejects.toThrow('state machine API down');
    const refused = a.execute(fn);
    await expect(refused).rejects.toBeInstanceOf(BreakerOpenError);
    await expect(refused).rejects.toMatchObject({ name: 'BreakerOpen', breakerId: 'opens', state: 'open', retryAfterMs: COOL_DOWN_MS });
    expect(fn).toHaveBeenCalledTimes(3);
    expect(await storedItem('opens')).toMatchObject({ state: { S: 'open' }, failures: { N: '3' }, opened_at: { S: clock.toISOString() } });
  });

  it('is open for a second container (new policy, new client) and for a cold start', async () => {
    await openBreaker('shared');
    const b = container('shared');
    const fn = succeeding();
    await expect(b.execute(fn)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(fn).not.toHaveBeenCalled();
    expect(await b.state()).toBe('open');
  });

  it('stays open until the cool-down is over, then lets ONE probe through across containers and closes on its success', async () => {
    await openBreaker('probe');
    const [a, b, c] = [container('probe'), container('probe'), container('probe')];
    advance(COOL_DOWN_MS - 1);
    await expect(a.execute(succeeding())).rejects.toMatchObject({ state: 'open', retryAfterMs: 1 });
    advance(1);

    let releaseProbe!: () => void;
    const gate = new Promise<void>((resolve) => {
      releaseProbe = resolve;
    });
    let probeEntered!: () => void;
    const entered = new Promise<void>((resolve) => {
      probeEntered = resolve;
    });
    const probe = jest.fn(async () => {
      probeEntered();
      await gate;
      return 'started';
    });
    const calls = [a.execute(probe), b.execute(probe)];
    // The probe holds until released, so the first call to settle is the one refused.
    const refused = await Promise.race(
      calls.map((call, i) =>
        call.then(
          () => -1,
          () => i,
        ),
      ),
    );
    expect(refused).toBeGreaterThanOrEqual(0);
    await expect(calls[refused]).rejects.toMatchObject({ name: 'BreakerOpen', state: 'half_open' });
    // The refusal can land before the winner's claim response: wait for the winner to enter the probe.
    await entered;
    expect(probe).toHaveBeenCalledTimes(1);
    expect(await c.state()).toBe('half_open');
    await expect(c.execute(probe)).rejects.toMatchObject({ state: 'half_open' });

    releaseProbe();
    await expect(calls[1 - refused]).resolves.toBe('started');
    expect(await c.state()).toBe('closed');
    await expect(c.execute(succeeding())).resolves.toBe('started');
    expect(await storedItem('probe')).toMatchObject({ state: { S: 'closed' }, failures: { N: '0' } });
  });

  it('reopens when the probe fails, the cool-down starting again from the failure', async () => {
    await openBreaker('reopen');
    const b = container('reopen');
    advance(COOL_DOWN_MS);
    await expect(b.execute(failing())).rejects.toThrow('state machine API down');
    expect(await b.state()).toBe('open');
    const fn = succeeding();
    await expect(container('reopen').execute(fn)).rejects.toMatchObject({ state: 'open', retryAfterMs: COOL_DOWN_MS });
    expect(fn).not.toHaveBeenCalled();
    advance(COOL_DOWN_MS);
    await expect(b.execute(fn)).resolves.toBe('started');
    expect(await b.state()).toBe('closed');
  });

  it('counts consecutive failures: a success in between starts the count again', async () => {
    const a = container('consecutive');
    for (let i = 0; i < 2; i++) await expect(a.execute(failing())).rejects.toThrow();
    await a.execute(succeeding());
    for (let i = 0; i < 2; i++) await expect(a.execute(failing())).rejects.toThrow();
    expect(await a.state()).toBe('closed');
    await expect(a.execute(failing())).rejects.toThrow('state machine API down');
    expect(await a.state()).toBe('open');
  });

  it('lets another container take the probe over when the probing container died (lease expired)', async () => {
    // A container claimed the probe and was killed before reporting: the item is left half-open.
    await dynamo.client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          breaker_id: { S: 'dead-probe' },
          state: { S: 'half_open' },
          failures: { N: '3' },
          probe_started_at: { S: clock.toISOString() },
          version: { N: '7' },
        },
      }),
    );
    const b = container('dead-probe');
    await expect(b.execute(succeeding())).rejects.toMatchObject({ state: 'half_open' });
    advance(5_000 + 1_000); // one attempt's timeout, plus the margin
    await expect(b.execute(succeeding())).resolves.toBe('started');
    expect(await storedItem('dead-probe')).toMatchObject({ state: { S: 'closed' }, version: { N: '9' } });
  });
});

describe('retry and timeout (cockatiel) inside the breaker', () => {
  it('retries a failing call with backoff and counts nothing when it finally succeeds', async () => {
    const a = container('retry', { retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 } });
    const fn = jest
      .fn(async (_: { attempt: number }) => 'started')
      .mockRejectedValueOnce(new Error('throttled'))
      .mockRejectedValueOnce(new Error('throttled'));
    await expect(a.execute(fn)).resolves.toBe('started');
    expect(fn.mock.calls.map(([context]) => context.attempt)).toEqual([0, 1, 2]);
    expect(await storedItem('retry')).toBeUndefined();
  });

  it('counts a call whose every attempt failed as ONE failure', async () => {
    const a = container('retry-exhausted', { retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 } });
    const fn = failing();
    await expect(a.execute(fn)).rejects.toThrow('state machine API down');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(await storedItem('retry-exhausted')).toMatchObject({ state: { S: 'closed' }, failures: { N: '1' } });
  });

  it('times an attempt out (aborting its signal), retries, and counts the timeout as a failure', async () => {
    const a = container('timeout', { timeoutMs: 20, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 } });
    const signals: AbortSignal[] = [];
    const hang = jest.fn(({ signal }: { signal: AbortSignal }) => {
      signals.push(signal);
      return new Promise<string>(() => {});
    });
    await expect(a.execute(hang)).rejects.toBeInstanceOf(TaskCancelledError);
    expect(hang).toHaveBeenCalledTimes(2);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
    expect(await storedItem('timeout')).toMatchObject({ failures: { N: '1' } });
  });

  it('passes an error that is not the dependency failing straight through: no retry, not counted', async () => {
    const a = container('not-a-failure', {
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 },
      isFailure: (error) => (error as Error).name !== 'ExecutionAlreadyExists',
    });
    const alreadyStarted = Object.assign(new Error('execution m-1 already exists'), { name: 'ExecutionAlreadyExists' });
    const fn = jest.fn(async () => Promise.reject(alreadyStarted));
    for (let i = 0; i < 4; i++) await expect(a.execute(fn)).rejects.toBe(alreadyStarted);
    expect(fn).toHaveBeenCalledTimes(4);
    expect(await a.state()).toBe('closed');
  });

  it('refuses nonsense settings with a clear error', () => {
    expect(() => container('bad', { failureThreshold: 0 })).toThrow(/failureThreshold/);
    expect(() => container('bad', { retry: { maxAttempts: 0, initialDelayMs: 1, maxDelayMs: 1 } })).toThrow(/maxAttempts/);
  });
});
