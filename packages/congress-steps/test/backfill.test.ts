import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDynamoClient, testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { localStore, type ObjectStore } from '@medallion/lake';
import { openDuck } from '@medallion/duck';
import { getWatermark } from '@medallion/watermarks';
import type { ApiClient } from '../src/api-client';
import { keys } from '../src/batch';
import { congressApi, type StepDeps } from '../src/config';
import { fetchBills } from '../src/fetch-bills';
import { fetchDetails } from '../src/fetch-details';
import { transformToSilver } from '../src/transform-to-silver';
import { advanceCongressWatermark } from '../src/advance';
import { CongressApiSimulator, type Fault, startLoopbackApi, type LoopbackApi } from '../src/local-api';
import { maxInWindow, SimulatedClock } from './helpers/simulated-clock';

const HOUR = 3_600_000;
// The acceptance size (issue 11). ~30,000 requests through dynalite: minutes, not seconds (see README).
const BILLS = 5000;
const FETCHERS = 4;

/** A Lambda container that dies after `calls` API calls (the crash a re-run must resume from). */
function crashingAfter(api: ApiClient, calls: number): ApiClient {
  let n = 0;
  return {
    getJson: (...args) => {
      if (++n > calls) throw new Error('container crashed');
      return api.getJson(...args);
    },
    guarded: (tokens, work) => api.guarded(tokens, work),
  };
}

describe('congress backfill: 5,000 generated bills, several fetchers, one hourly budget', () => {
  let dynamo: LocalDynamo;
  let lakeDir: string;
  let lake: ObjectStore;
  let server: LoopbackApi;
  let sim: CongressApiSimulator;
  const clock = new SimulatedClock(new Date('2024-06-01T00:00:00Z'));

  // Bursts: 12 consecutive 500s, 30 consecutive 429s, a few requests that never answer.
  const faults = (n: number): Fault => {
    if (n >= 2_000 && n < 2_012) return '500';
    if (n >= 9_000 && n < 9_030) return '429';
    if (n === 15_000 || n === 15_001) return 'timeout';
    if (n >= 21_000 && n < 21_008) return '500';
    return 'none';
  };

  beforeAll(async () => {
    dynamo = await testLocalDynamo('congress-backfill');
    lakeDir = await mkdtemp(join(tmpdir(), 'congress-backfill-'));
    lake = localStore(lakeDir);
    sim = new CongressApiSimulator({ generated: BILLS, members: ['A000001', 'B000002', 'C000003', 'D000004'], hourlyLimit: 5000, clock, faults });
    server = await startLoopbackApi(sim);
  });
  afterAll(async () => {
    await server?.close();
    await dynamo?.stop();
    await rm(lakeDir, { recursive: true, force: true });
  });

  /** One fetcher = one Lambda container: its own DynamoDB client, bucket and breaker objects; shared tables. */
  const container = (): StepDeps => {
    const client = localDynamoClient(dynamo.endpoint);
    return {
      lake,
      dynamo: client,
      api: congressApi({
        dynamo: client,
        baseUrl: server.url,
        apiKey: 'test-key',
        rateLimitsTable: dynamo.tables.rate_limits,
        breakersTable: dynamo.tables.circuit_breakers,
        hourlyLimit: 5000,
        burst: 100,
        clock,
        random: () => 0.5,
        requestTimeoutMs: 300,
      }),
      watermarkTable: dynamo.tables.watermarks,
      watermarkId: 'congress',
      backfillFrom: '2024-01-01T00:00:00Z',
      chunkSize: 250,
      clock,
    };
  };

  test('within budget through faults and crashes; every bill exactly once; resumes from the watermark', async () => {
    // FetchBills crashes after 7 list pages; the re-run resumes from the checkpointed pages.
    const crashed = container();
    const [first] = await clock.run([() => fetchBills({ ...crashed, api: crashingAfter(crashed.api, 7) })]);
    expect(first.status).toBe('rejected');
    const [listed] = await clock.run([() => fetchBills(container())]);
    if (listed.status !== 'fulfilled') throw listed.reason;
    const { batch, bills, chunks, listRequests } = listed.value;
    expect(batch.seq).toBe(1);
    expect(bills).toBe(BILLS);
    expect(listRequests).toBe(1 + Math.ceil((BILLS - 250) / 249) - 7); // the 7 pages before the crash were not listed again
    expect(chunks).toHaveLength(BILLS / 250);

    // FetchDetails: FETCHERS concurrent containers share the chunks; one dies halfway through its first chunk.
    const queue = [...chunks];
    const worker = (deps: StepDeps) => async () => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) await fetchDetails(deps, batch, c);
    };
    const dying = container();
    const round1 = await clock.run([
      worker({ ...dying, api: crashingAfter(dying.api, 6 * 120) }),
      ...Array.from({ length: FETCHERS - 1 }, () => worker(container())),
    ]);
    expect(round1.filter((r) => r.status === 'rejected')).toHaveLength(1);

    // Step Functions retries the failed iteration: the bills already in bronze cost no requests.
    const before = sim.requests.length;
    const retried = await clock.run(chunks.map((c) => () => fetchDetails(container(), batch, c)).slice(0, FETCHERS));
    const rerunResults = [];
    for (const c of chunks) rerunResults.push((await clock.run([() => fetchDetails(container(), batch, c)]))[0]);
    expect(retried.every((r) => r.status === 'fulfilled')).toBe(true);
    const fetchedOnRerun = rerunResults.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value.fetched : 0), 0);
    expect(fetchedOnRerun).toBeLessThan(250);
    expect(sim.requests.length - before).toBeLessThan(7 * 250 + 100);

    // The hourly budget held over every sliding hour, with no request refused for it.
    expect(sim.overBudget).toBe(0);
    expect(
      maxInWindow(
        sim.requests.map((r) => r.at),
        HOUR,
      ),
    ).toBeLessThanOrEqual(5000);
    expect(clock.now() - Date.parse('2024-06-01T00:00:00Z')).toBeGreaterThan(5 * HOUR); // ~30,000 requests at 5,000/h
    // The bursts were met and survived.
    expect(sim.requests.filter((r) => r.status === 500)).toHaveLength(20);
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(30);
    expect(sim.requests.filter((r) => r.status === 'timeout')).toHaveLength(2);

    // Every bill exactly once in bronze and in silver.
    const bronze = await lake.list('bronze/congress/bills/');
    expect(bronze).toHaveLength(BILLS);
    const silver = await transformToSilver(container(), batch, chunks);
    expect(silver.billsOut).toBe(BILLS);
    const duck = await openDuck();
    try {
      const [row] = await duck.all<{ n: bigint; ids: bigint }>(
        `SELECT count(*) AS n, count(DISTINCT bill_id) AS ids FROM read_parquet('${join(lakeDir, keys.silver('bills', 1))}')`,
      );
      expect(Number(row.n)).toBe(BILLS);
      expect(Number(row.ids)).toBe(BILLS);
    } finally {
      duck.close();
    }

    // The watermark moves to the window's end; the next batch lists from there and finds nothing new.
    await advanceCongressWatermark(container(), batch, 'run-1');
    expect((await getWatermark(container().dynamo, dynamo.tables.watermarks, 'congress')).fingerprints.updatedThrough).toBe(batch.toDateTime);
    const [next] = await clock.run([() => fetchBills(container())]);
    if (next.status !== 'fulfilled') throw next.reason;
    expect(next.value.batch).toMatchObject({ seq: 2, fromDateTime: batch.toDateTime });
    expect(next.value.bills).toBe(0);
  }, 900_000);
});
