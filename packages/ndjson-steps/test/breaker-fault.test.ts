/**
 * Acceptance fault: the state machine API is down. The real breaker (state in dynalite) opens, every
 * batch goes back to the queue with its files released, the breaker half-opens after the cool-down
 * and closes on the first successful start; every file ends in exactly one started manifest.
 */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { createResiliencePolicy } from '@medallion/circuit-breaker';
import { createOutbox, localDynamoClient, startLocalStepFunctions, testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { stepFunctionsDispatcher } from '../src/dispatcher';
import { handleS3EventBatch, type BuilderDeps } from '../src/manifest-builder';
import { sqsEventFor } from './events';
import { closeTrackingTables, dynamoTracking } from './dynamo-tracking';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await testLocalDynamo('ndjson-breaker');
});
afterAll(async () => {
  await closeTrackingTables();
  await dynamo.stop();
});

it('opens on StartExecution failures, returns batches to the queue, half-opens after the cool-down, then closes', async () => {
  let clock = new Date('2026-12-01T12:00:00Z');
  const policyOptions = {
    client: localDynamoClient(dynamo.endpoint),
    table: dynamo.tables.circuit_breakers,
    breakerId: 'ndjson-start-execution',
    failureThreshold: 2,
    halfOpenAfterMs: 60_000,
    timeoutMs: 5_000,
    retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
    now: () => clock,
    onStateError: () => undefined,
  };
  const policy = createResiliencePolicy(policyOptions);
  // The state machine API through the real protocol: the local endpoint answers 503 while unavailable.
  const sfn = await startLocalStepFunctions({
    definitions: { pipeline: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } } },
    functions: {},
    outbox: createOutbox(),
  });
  const dispatcher = stepFunctionsDispatcher(sfn.client, sfn.stateMachineArns.pipeline);
  const calls = () => sfn.executions().length;
  sfn.setUnavailable(true);
  const mem = await dynamoTracking(() => clock);
  const deps: BuilderDeps = { tracking: mem.tracking, dispatcher, policy, limits: { maxFiles: 5, maxBytes: 1e9, maxWaitS: 60 }, now: () => clock };
  const event = sqsEventFor(Array.from({ length: 5 }, (_, i) => ({ key: `2026-12-01/f${i}.ndjson`, size: 10 })));

  // Two failing batches (each StartExecution retried once) open the breaker.
  for (let i = 0; i < 2; i++) {
    const res = await handleS3EventBatch(deps, event);
    expect(res.batchItemFailures).toHaveLength(5);
    expect(res.dispatchError).toMatch(/ServiceUnavailable/);
  }
  expect(await policy.state()).toBe('open');
  expect(calls()).toBe(0);

  // While open: no call reaches the API, the whole batch returns to the queue, the files stay pending.
  const whileOpen = await handleS3EventBatch(deps, event);
  expect(whileOpen.batchItemFailures).toHaveLength(5);
  expect(whileOpen.dispatchError).toMatch(/^BreakerOpen/);
  expect([...(await mem.files()).values()].every((s) => s === 'pending')).toBe(true);

  // After the cool-down the API is back: the redelivered batch is the half-open probe, which closes the breaker.
  sfn.setUnavailable(false);
  clock = new Date(clock.getTime() + 61_000);
  const probe = await handleS3EventBatch(deps, event);
  expect(probe).toMatchObject({ batchItemFailures: [], registered: 0, duplicates: 5 });
  expect(await policy.state()).toBe('closed');
  await sfn.idle();
  expect(sfn.executions().map((e) => e.status)).toEqual(['SUCCEEDED']);
  const input = JSON.parse((await sfn.client.send(new DescribeExecutionCommand({ executionArn: sfn.executions()[0].executionArn }))).input ?? '{}');
  expect(input.files.map((f: { file_key: string }) => f.file_key).sort()).toEqual([...(await mem.files()).keys()].sort());
  await sfn.stop();
  expect([...(await mem.manifests()).values()].filter((s) => s === 'started')).toHaveLength(1);
});
