import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuck, type Duck } from '@medallion/duck';
import { runQualityCli } from '../src/cli';
import { gateEventSchema, runQualityGate } from '../src/gate';
import { buildDemoLake, DEMO_DATASETS } from './demo-lake';

const SODA = join(dirname(fileURLToPath(import.meta.url)), '../../../soda');
const CHECKS = join(SODA, 'checks');
const NOW = 'NOW=2025-03-12T07:00:00Z';

let duck: Duck;
let cleanLake: string;
let badLake: string;
beforeAll(async () => {
  duck = await openDuck({ threads: 1 });
  cleanLake = await buildDemoLake(duck);
  badLake = await buildDemoLake(duck, { corrupt: ['bad-transaction-type', 'orphan-fact-member'] });
});
afterAll(() => duck.close());

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runQualityCli(argv, { datasets: DEMO_DATASETS, io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('lake quality scan', () => {
  it('scans the lake layout and prints a summary; exit 0', async () => {
    const r = await cli(['quality', 'scan', join(CHECKS, 'silver_filings.yml'), join(CHECKS, 'silver_transactions.yml'), '--lake', cleanLake, '--var', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PASS  silver_filings');
    expect(r.stdout).toContain('Metric scans per dataset: silver_filings=1, silver_transactions=1');
    expect(r.stdout).toMatch(/no failures, no warnings and no errors/);
  });

  it('prints Soda-shaped JSON with --json, reads the data source from configuration.yml, exit 2 on failures', async () => {
    // house_fd's checks files (the demo lake holds house_fd's datasets; other pipelines' checks live beside them).
    const houseFdChecks = readdirSync(CHECKS)
      .filter((f) => /^(silver_(filings|transactions)|gold_(agg_trending_stocks|dim_member|fact_ptr_transactions))\.yml$/.test(f))
      .map((f) => join(CHECKS, f));
    const r = await cli(['scan', ...houseFdChecks, '--lake', badLake, '--var', NOW, '--json', '--no-store']);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ defaultDataSource: 'medallion_lake', dataTimestamp: '2025-03-12T07:00:00Z', hasFailures: true, exitCode: 2 });
    const failed = json.checks.filter((c: { outcome: string }) => c.outcome === 'fail');
    expect(failed.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['invalid_count(transaction_type) = 0', 'every fact references a dim_member row (-1 is the unknown member)']),
    );
    expect(Object.keys(json.checks[0])).toEqual(
      expect.arrayContaining(['identity', 'name', 'type', 'definition', 'dataSource', 'table', 'column', 'outcome', 'diagnostics']),
    );
    expect(existsSync(join(badLake, 'quality/metrics'))).toBe(false);
  });

  it('takes named parquet files with --data and variables with --var', async () => {
    const file = join(cleanLake, 'silver/house_fd/filings/batch=000001.parquet');
    const checks = join(cleanLake, 'batch.yml');
    await import('node:fs/promises').then((fs) => fs.writeFile(checks, 'checks for f:\n  - row_count > 0:\n      filter: batch_seq = ${BATCH}\n'));
    const r = await cli(['scan', checks, '--data', `f=${file}`, '--var', 'BATCH=1', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).checks[0].diagnostics.value).toBe(46);
  });

  it('exit 3 with usage on bad arguments', async () => {
    expect((await cli(['scan'])).code).toBe(3);
    expect((await cli(['scan', join(CHECKS, 'silver_filings.yml')])).stderr).toMatch(/nothing to scan/);
    expect((await cli(['scan', 'nope.yml', '--lake', cleanLake])).stderr).toMatch(/not found/);
  });
});

describe('runQualityGate', () => {
  it('passes a clean lake and writes the full scan result to the lake', async () => {
    const g = await runQualityGate(
      {
        batchSeq: 2,
        layer: 'gold',
        checks: ['gold_fact_ptr_transactions.yml', 'gold_dim_member.yml', 'gold_agg_trending_stocks.yml'],
        now: '2025-03-12T07:00:00Z',
        datasets: DEMO_DATASETS,
      },
      { checksDir: CHECKS, lakeDir: cleanLake },
    );
    expect(g).toMatchObject({
      passed: true,
      outcome: 'pass',
      exitCode: 0,
      layer: 'gold',
      batchSeq: 2,
      failedChecks: [],
      resultKey: 'quality/results/layer=gold/batch=000002.json',
    });
    expect(JSON.parse(readFileSync(join(cleanLake, g.resultKey), 'utf8')).checks.length).toBeGreaterThan(20);
  });

  it('stops on failures with the check, value and a few samples', async () => {
    const g = await runQualityGate(
      { batchSeq: 1, layer: 'silver', checks: ['silver_transactions.yml'], now: '2025-03-12T07:00:00Z', datasets: DEMO_DATASETS },
      { checksDir: CHECKS, lakeDir: badLake, alertSamples: 2 },
    );
    expect(g).toMatchObject({ passed: false, outcome: 'fail', exitCode: 2 });
    expect(g.failedChecks).toEqual([
      {
        name: 'invalid_count(transaction_type) = 0',
        table: 'silver_transactions',
        column: 'transaction_type',
        outcome: 'fail',
        value: 1,
        totalFailedRows: 1,
        samples: [expect.objectContaining({ transaction_id: '20027933-001', transaction_type: 'P' })],
      },
    ]);
    expect(g.summary).toContain('Quality gate FAIL for silver batch 1');
    expect(g.summary).toContain('FAIL silver_transactions: invalid_count(transaction_type) = 0 → value 1');
    expect(g.alert.split('\n')).toEqual([
      ...g.summary.split('\n'),
      'Failing rows of "invalid_count(transaction_type) = 0" (1 of 1):',
      expect.stringMatching(/^ {2}\{"transaction_id":"20027933-001",.*"transaction_type":"P"/),
      'Full scan result: quality/results/layer=silver/batch=000001.json',
    ]);
  });

  it('works through an object store (the lake in S3), staging only the datasets the checks name', async () => {
    const staged: string[] = [];
    const fs = await import('node:fs/promises');
    const walk = async (dir: string): Promise<string[]> =>
      (await fs.readdir(join(cleanLake, dir), { withFileTypes: true }).catch(() => [])).flatMap((e) => (e.isDirectory() ? [] : [`${dir}${e.name}`]));
    const store = {
      async list(prefix: string) {
        return (await walk(prefix)).map((key) => ({ key }));
      },
      async stage(keys: string[]) {
        staged.push(...keys);
        return keys.map((k) => join(cleanLake, k));
      },
      async get(key: string) {
        return fs.readFile(join(cleanLake, key)).then(
          (b) => new Uint8Array(b),
          () => null,
        );
      },
      async put(key: string, body: Uint8Array | string) {
        await fs.mkdir(dirname(join(cleanLake, key)), { recursive: true });
        await fs.writeFile(join(cleanLake, key), body);
      },
    };
    const g = await runQualityGate(
      { batchSeq: 3, layer: 'silver', checks: ['silver_filings.yml'], now: '2025-03-12T07:00:00Z', datasets: DEMO_DATASETS },
      { checksDir: CHECKS, store },
    );
    expect(g).toMatchObject({ passed: true, outcome: 'pass' });
    expect(staged.every((k) => k.startsWith('silver/house_fd/filings/'))).toBe(true);
    expect(existsSync(join(cleanLake, 'quality/results/layer=silver/batch=000003.json'))).toBe(true);
  });

  it('errors (exit 3) when a dataset is missing, and rejects unsafe events', async () => {
    const g = await runQualityGate(
      { batchSeq: 1, layer: 'silver', checks: ['silver_filings.yml'], now: '2025-03-12T07:00:00Z', datasets: DEMO_DATASETS },
      { checksDir: CHECKS, lakeDir: join(cleanLake, 'nowhere') },
    );
    expect(g).toMatchObject({ passed: false, outcome: 'error' });
    expect(g.failedChecks[0].reason).toMatch(/silver_filings is not available/);
    const event = { batchSeq: 1, layer: 'silver', checks: ['a.yml'], datasets: DEMO_DATASETS };
    expect(gateEventSchema.safeParse(event).success).toBe(true);
    expect(gateEventSchema.safeParse({ ...event, checks: ['../../etc/passwd.yml'] }).success).toBe(false);
    expect(gateEventSchema.safeParse({ ...event, layer: 'bronze' }).success).toBe(false);
    expect(gateEventSchema.safeParse({ ...event, datasets: undefined }).success).toBe(false);
    expect(gateEventSchema.safeParse({ ...event, datasets: { x: '../../etc/*.parquet' } }).success).toBe(false);
    expect(gateEventSchema.safeParse({ ...event, datasets: { x: '/etc/x.parquet' } }).success).toBe(false);
  });
});
