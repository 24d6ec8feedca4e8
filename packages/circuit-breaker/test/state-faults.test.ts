import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { DynamoDBClient, GetItemCommand, ProvisionedThroughputExceededException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { BreakerOpenError, createResiliencePolicy } from '../src';
import type { ResiliencePolicyOptions } from '../src/policy';

// Faults in the breaker's OWN DynamoDB calls (the dependency it guards is `fn`): the caller must get its call's
// real outcome, or a BreakerOpenError, and the fault must be reported — never swallowed, never an unhandled rejection.
const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const ddb = mockClient(client);
afterEach(() => {
  ddb.reset();
  jest.restoreAllMocks();
});

const throttled = () => new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: {} });
const clock = new Date('2026-01-01T00:00:00.000Z');

function policy(overrides: Partial<ResiliencePolicyOptions> = {}) {
  const stateErrors: string[] = [];
  const p = createResiliencePolicy({
    client,
    table: 'circuit-breakers',
    breakerId: 'sfn',
    failureThreshold: 3,
    halfOpenAfterMs: 60_000,
    timeoutMs: 5_000,
    retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
    now: () => clock,
    onStateError: (error, operation) => stateErrors.push(`${operation}: ${(error as Error).name}`),
    ...overrides,
  });
  return { p, stateErrors };
}

describe('when the breaker cannot read or write its state', () => {
  it('a throttled read fails open: the call runs, its result is returned, the fault is reported', async () => {
    ddb.on(GetItemCommand).rejects(throttled());
    const { p, stateErrors } = policy();
    await expect(p.execute(async () => 'started')).resolves.toBe('started');
    expect(stateErrors).toEqual(['read: ProvisionedThroughputExceededException']);
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });

  it("a read that times out: the call's own error reaches the caller, and the failure is still counted", async () => {
    ddb.on(GetItemCommand).rejects(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }));
    ddb.on(UpdateItemCommand).resolves({ Attributes: { failures: { N: '1' } } });
    const { p, stateErrors } = policy();
    await expect(p.execute(async () => Promise.reject(new Error('state machine API down')))).rejects.toThrow('state machine API down');
    expect(stateErrors).toEqual(['read: TimeoutError']);
    expect(ddb.commandCalls(UpdateItemCommand)[0].args[0].input.UpdateExpression).toMatch(/failures = if_not_exists\(failures, :zero\) \+ :one/);
  });

  it("a throttled write of the outcome: the call's own error is rethrown, not DynamoDB's, and the fault is reported", async () => {
    ddb.on(GetItemCommand).resolves({ Item: { breaker_id: { S: 'sfn' }, state: { S: 'closed' }, failures: { N: '2' }, version: { N: '4' } } });
    ddb.on(UpdateItemCommand).rejects(throttled());
    const { p, stateErrors } = policy();
    const dependencyError = new Error('state machine API down');
    await expect(p.execute(async () => Promise.reject(dependencyError))).rejects.toBe(dependencyError);
    expect(stateErrors).toEqual(['record-failure: ProvisionedThroughputExceededException']);
  });

  it('a throttled write after a success: the result is returned, the fault is reported', async () => {
    ddb.on(GetItemCommand).resolves({ Item: { breaker_id: { S: 'sfn' }, state: { S: 'closed' }, failures: { N: '2' }, version: { N: '4' } } });
    ddb.on(UpdateItemCommand).rejects(throttled());
    const { p, stateErrors } = policy();
    await expect(p.execute(async () => 'started')).resolves.toBe('started');
    expect(stateErrors).toEqual(['record-success: ProvisionedThroughputExceededException']);
  });

  it('an open breaker whose probe cannot be claimed stays shut: BreakerOpenError, the dependency not called', async () => {
    const openedLongAgo = new Date(clock.getTime() - 3_600_000).toISOString();
    ddb
      .on(GetItemCommand)
      .resolves({ Item: { breaker_id: { S: 'sfn' }, state: { S: 'open' }, failures: { N: '3' }, opened_at: { S: openedLongAgo }, version: { N: '5' } } });
    ddb.on(UpdateItemCommand).rejects(throttled());
    const { p, stateErrors } = policy();
    const fn = jest.fn(async () => 'started');
    await expect(p.execute(fn)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(fn).not.toHaveBeenCalled();
    expect(stateErrors).toEqual(['claim-probe: ProvisionedThroughputExceededException']);
    expect(ddb.commandCalls(UpdateItemCommand)[0].args[0].input).toMatchObject({
      ConditionExpression: '#state = :from AND version = :version',
      ExpressionAttributeValues: expect.objectContaining({ ':version': { N: '5' } }),
    });
  });

  it('reports on stderr as one JSON line when no reporter is given', async () => {
    ddb.on(GetItemCommand).rejects(throttled());
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const { p } = policy({ onStateError: undefined });
    await expect(p.execute(async () => 'started')).resolves.toBe('started');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(warn.mock.calls[0][0]))).toMatchObject({ level: 'WARN', breakerId: 'sfn', operation: 'read' });
  });

  it('state() asked explicitly surfaces the DynamoDB error', async () => {
    ddb.on(GetItemCommand).rejects(throttled());
    await expect(policy().p.state()).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
  });
});
