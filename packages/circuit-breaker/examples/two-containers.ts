/**
 * Two "Lambda containers" (separate policies, separate DynamoDB clients) guarding one failing dependency, on a
 * local dynalite: the breaker one opens is open for the other; after the cool-down one probe closes it.
 *   npx tsx --import ./scripts/polyfills.mjs packages/circuit-breaker/examples/two-containers.ts
 */
import { BreakerOpenError, createResiliencePolicy, type ResiliencePolicy } from '@medallion/circuit-breaker';
import { localDynamoClient, startLocalDynamo } from '@medallion/local';

const dynamo = await startLocalDynamo();
let clock = new Date('2026-01-01T00:00:00Z'); // injected, so the cool-down passes without waiting
const container = (): ResiliencePolicy =>
  createResiliencePolicy({
    client: localDynamoClient(dynamo.endpoint),
    table: dynamo.tables.circuit_breakers,
    breakerId: 'ndjson-start-execution',
    failureThreshold: 3,
    halfOpenAfterMs: 60_000,
    timeoutMs: 2_000,
    retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 100 },
    now: () => clock,
  });
const [a, b] = [container(), container()];

let dependencyUp = false;
const startExecution = async () => {
  if (!dependencyUp) throw new Error('states API unavailable');
  return 'execution started';
};
const attempt = async (name: string, policy: ResiliencePolicy) => {
  try {
    console.log(`${name}: ${await policy.execute(startExecution)}`);
  } catch (err) {
    console.log(`${name}: ${err instanceof BreakerOpenError ? 'refused' : 'failed'} (${(err as Error).message})`);
  }
  console.log(`  breaker is now ${await policy.state()}`);
};

for (let i = 1; i <= 3; i++) await attempt(`container A, call ${i}`, a);
await attempt('container B (never saw a failure)', b);
clock = new Date(clock.getTime() + 60_000);
dependencyUp = true;
await attempt('container B after the cool-down (the probe)', b);
await attempt('container A', a);
await dynamo.stop();
