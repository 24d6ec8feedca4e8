import { localDynamoClient, testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { TokenBucket } from '../src/token-bucket';
import { SimulatedClock } from './helpers/simulated-clock';

const HOUR = 3_600_000;

describe('TokenBucket: one DynamoDB item shared by concurrent fetchers', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await testLocalDynamo('token-bucket');
  });
  afterAll(async () => {
    await dynamo?.stop();
  });

  const bucket = (clock: SimulatedClock, bucketId: string, hourlyLimit = 100, burst = 10) =>
    new TokenBucket({ client: localDynamoClient(dynamo.endpoint), table: dynamo.tables.rate_limits, bucketId, hourlyLimit, burst, clock });

  test('three containers taking at once never exceed the hourly limit over any hour; the burst goes first', async () => {
    const clock = new SimulatedClock(new Date('2024-01-01T00:00:00Z'));
    const taken: number[] = [];
    const worker = (b: TokenBucket) => async () => {
      for (let i = 0; i < 100; i++) {
        await b.take(1);
        taken.push(clock.now());
      }
    };
    await clock.run([worker(bucket(clock, 'shared')), worker(bucket(clock, 'shared')), worker(bucket(clock, 'shared'))]);
    expect(taken).toHaveLength(300);
    // The first 10 (the burst) at once, then (100 − 10)/h: 290 more take 290/90 hours.
    expect(taken.filter((t) => t === taken[0])).toHaveLength(10);
    const start = Date.parse('2024-01-01T00:00:00Z');
    for (let from = start; from < clock.now(); from += HOUR / 4) {
      expect(taken.filter((t) => t >= from && t < from + HOUR).length).toBeLessThanOrEqual(100);
    }
    expect(clock.now() - start).toBeGreaterThanOrEqual((290 / 90) * HOUR - 60_000);
  });

  test('limitTo (X-RateLimit-Remaining) lowers the shared level for every container', async () => {
    const clock = new SimulatedClock(new Date('2024-01-01T00:00:00Z'));
    const a = bucket(clock, 'remaining');
    const b = bucket(clock, 'remaining');
    await clock.run([async () => expect(await a.take(2)).toBe(0)]);
    await clock.run([() => a.limitTo(0)]);
    // b now waits for a refill: one token at 90/h is 40 s.
    const [waited] = await clock.run([() => b.take(1)]);
    expect(waited).toEqual({ status: 'fulfilled', value: 40_000 });
  });

  test('a burst larger than the bucket is refused', () => {
    expect(() => bucket(new SimulatedClock(new Date()), 'x', 100, 100)).toThrow(/burst/);
  });
});
