import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck, sqlPath } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { generatedFiling } from '@medallion/lobbying';
import { keys } from '../src/batch';
import { ldaPolicy, type StepDeps } from '../src/config';
import { advanceLobbyingWatermark, checkNewFilings, downloadFilings } from '../src/fetch';
import { transformToGold } from '../src/gold';
import { startLdaSimulator } from '../src/lda-simulator';
import { parseToSilver } from '../src/silver';

describe('lobbying_pipeline steps against the loopback LDA API', () => {
  let dynamo: LocalDynamo;
  let lakeDir: string;
  let sim: Awaited<ReturnType<typeof startLdaSimulator>>;
  const broken = { ...generatedFiling(999, 2025), filing_uuid: '00000000-0000-4000-8000-0000000003e7', income: 'n/a' };

  beforeAll(async () => {
    dynamo = await testLocalDynamo('lobbying-steps');
    lakeDir = await mkdtemp(join(tmpdir(), 'lobbying-'));
    // Faults among the download's requests: a 500 burst, a 429 and one request that never answers.
    const faults = (n: number) => (n === 3 || n === 4 ? '500' : n === 6 ? '429' : n === 8 ? 'timeout' : 'none');
    sim = await startLdaSimulator({ perYear: { 2024: 60, 2025: 30 }, bills: ['H.R. 21', 'S. 9001'], faults, extra: [broken] });
  });
  afterAll(async () => {
    await sim?.close();
    await dynamo?.stop();
    await rm(lakeDir, { recursive: true, force: true });
  });

  const deps = (): StepDeps => ({
    lake: localStore(lakeDir),
    dynamo: dynamo.client,
    baseUrl: sim.url,
    years: [2024, 2025],
    pageSize: 25,
    watermarkTable: dynamo.tables.watermarks,
    watermarkId: 'lobbying',
    policy: ldaPolicy(dynamo.client, dynamo.tables.circuit_breakers, { initialDelayMs: 1, timeoutMs: 500 }),
  });

  test('check → download (through 500s, a 429 and a timeout) → silver (strings to amounts, one quarantined) → gold → watermark', async () => {
    const check = await checkNewFilings(deps(), new Date('2025-07-01T00:00:00Z'));
    expect(check).toMatchObject({ hasNew: true, batch: { seq: 1, years: [2024, 2025], fingerprints: { 2024: '60', 2025: '31' } } });
    const batch = check.batch!;
    expect(await downloadFilings(deps(), batch)).toEqual({ pages: 3 + 2, filings: 91 });
    expect(sim.requests.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([500, 500, 429, 'timeout']);
    // A re-run (a retried Lambda) reads the pages from bronze: no request.
    const before = sim.requests.length;
    await downloadFilings(deps(), batch);
    expect(sim.requests.length).toBe(before);

    const silver = await parseToSilver(deps(), batch);
    expect(silver).toMatchObject({ filingsIn: 91, filingsOut: 90, quarantined: { 'malformed income': [broken.filing_uuid] } });
    expect(await localStore(lakeDir).head(keys.quarantine(1, broken.filing_uuid))).not.toBeNull();

    const gold = await transformToGold(deps(), batch);
    expect(gold.rows).toEqual({ lobbying_by_client: 11 + 11, lobbying_by_issue: 8, lobbying_by_bill: 4 });
    const duck = await openDuck();
    try {
      const byBill = await duck.all(
        `SELECT bill_id, filing_year, filings, clients FROM read_parquet(${sqlPath(join(lakeDir, keys.gold('lobbying_by_bill')))}) ORDER BY ALL`,
      );
      // "H.R. 21" in a 2024 filing is the 118th Congress's; in 2025, the 119th's (the mention names no Congress).
      expect(byBill).toEqual([
        { bill_id: '118-hr-21', filing_year: 2024, filings: 30, clients: 11 },
        { bill_id: '118-s-9001', filing_year: 2024, filings: 30, clients: 11 },
        { bill_id: '119-hr-21', filing_year: 2025, filings: 15, clients: 11 },
        { bill_id: '119-s-9001', filing_year: 2025, filings: 15, clients: 11 },
      ]);
      const [amounts] = await duck.all(
        `SELECT sum(income_total)::DOUBLE AS income, sum(expenses_total)::DOUBLE AS expenses FROM read_parquet(${sqlPath(join(lakeDir, keys.gold('lobbying_by_client')))})`,
      );
      expect(amounts.income).toBeGreaterThan(0);
      expect(amounts.expenses).toBeGreaterThan(0);
    } finally {
      duck.close();
    }

    await advanceLobbyingWatermark(deps(), batch, 'run-1');
    expect(await checkNewFilings(deps())).toMatchObject({ hasNew: false, watermarkSeq: 1 });
  });
});
