/**
 * The project's own checks (soda/checks/*.yml) against a lake built from real House Clerk
 * data: everything passes on clean data, and seeded defects fail the check written for them.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuck, type Duck } from '@medallion/duck';
import { scan } from '../src/scan';
import { resolveDatasets } from '../src/datasets';
import { buildDemoLake, DEMO_DATASETS, type Corruption, type Variation } from './demo-lake';

const CHECKS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../soda/checks');
const FILES = ['silver_filings', 'silver_transactions', 'gold_fact_ptr_transactions', 'gold_dim_member', 'gold_agg_trending_stocks'].map((f) =>
  join(CHECKS_DIR, `${f}.yml`),
);
const NOW = '2025-03-12T07:00:00Z';

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck({ threads: 1 });
});
afterAll(() => duck.close());

async function scanLake(corrupt: Corruption[] = [], now = NOW, lake?: string, vary: Variation[] = []) {
  const dir = lake ?? (await buildDemoLake(duck, { corrupt, vary }));
  return { lake: dir, result: await scan({ checksFiles: FILES, tables: resolveDatasets(dir, DEMO_DATASETS), lakeDir: dir, now }) };
}

describe('soda/checks on the demo lake', () => {
  it('has 30+ checks across silver and gold, all passing on clean data, one metric scan per dataset', async () => {
    const { lake, result } = await scanLake();
    expect(result.logs.filter((l) => l.level === 'error')).toEqual([]);
    expect(result.checks.length).toBeGreaterThanOrEqual(30);
    const tables = new Set(result.checks.map((c) => c.table));
    expect([...tables].sort()).toEqual(['agg_trending_stocks', 'dim_asset', 'dim_member', 'fact_ptr_transactions', 'silver_filings', 'silver_transactions']);
    const notPassing = result.checks.filter((c) => c.outcome !== 'pass' && c.outcomeReasons[0]?.code !== 'notEnoughHistory');
    expect(notPassing.map((c) => `${c.table}: ${c.name} → ${c.outcome}`)).toEqual([]);
    expect(Object.values(result.scans.metricStatementsPerDataset).every((n) => n === 1)).toBe(true);
    expect(result.exitCode).toBe(0);

    // A second scan a day later has history: the "only grows" change checks are evaluated and pass.
    const again = (await scanLake([], '2025-03-13T07:00:00Z', lake)).result;
    expect(again.checks.every((c) => c.outcome === 'pass')).toBe(true);
  });

  it.each<[Corruption, string, string]>([
    ['unknown-filing-types', 'silver_filings', "filing types are the Clerk's codes"],
    ['duplicate-transaction', 'silver_transactions', 'duplicate_count(transaction_id) = 0'],
    ['bad-transaction-type', 'silver_transactions', 'invalid_count(transaction_type) = 0'],
    ['orphan-fact-member', 'fact_ptr_transactions', 'every fact references a dim_member row (-1 is the unknown member)'],
    ['sentiment-out-of-range', 'agg_trending_stocks', 'sentiment lies within [-1, 1]'],
    ['two-current-member-rows', 'dim_member', 'one current row per bioguide id'],
    ['blank-member-party', 'dim_member', 'every member version names a party'],
    ['unknown-suspect-reason', 'silver_transactions', 'suspect trade dates say why (future, after_notification, before_2008)'],
    ['unflagged-suspect-date', 'silver_transactions', 'a trade dated after its notification, or before 2008, is flagged'],
  ])('%s fails "%s: %s" with samples', async (corruption, table, name) => {
    const { result } = await scanLake([corruption]);
    const check = result.checks.find((c) => c.table === table && c.name === name);
    expect(check?.outcome).toBe('fail');
    expect(check?.diagnostics.failedRows?.rows.length).toBeGreaterThan(0);
    expect(result.exitCode).toBe(2);
  });

  it.each<[Variation, string[]]>([
    // Synthetic means the is_synthetic flag: a real DocID that starts with 99 is no synthetic filing.
    ['real-docid-starting-99', ['silver_filings', 'silver_transactions']],
    // Former members bring parties legislators-current.yaml never lists.
    ['former-member-parties', ['dim_member']],
  ])('%s passes every check', async (variation, tables) => {
    const { result } = await scanLake([], NOW, undefined, [variation]);
    const notPassing = result.checks.filter((c) => c.outcome !== 'pass' && c.outcomeReasons[0]?.code !== 'notEnoughHistory');
    expect(notPassing.map((c) => `${c.table}: ${c.name} → ${c.outcome}`)).toEqual([]);
    for (const table of tables) expect(result.checks.filter((c) => c.table === table).length).toBeGreaterThan(5);
  });
});
