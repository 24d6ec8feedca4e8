/** Metric history in the lake: change-over-time and anomaly checks without any cloud service. */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBed, type TestBed } from './helpers';
import { anomalyScore, changeOverTime, objectMetricStore, type ObjectStoreLike } from '../src/history';

let bed: TestBed;
beforeAll(async () => {
  bed = await testBed();
});
afterAll(() => bed.close());

const rows = (n: number) => `SELECT i AS x, CASE WHEN i % 2 = 0 THEN 'a' END AS y FROM range(${n}) AS r(i)`;
const day = (d: number) => `2025-06-${String(d).padStart(2, '0')}T06:00:00Z`;

async function runs(lake: string, yaml: string, counts: number[]) {
  const results = [];
  for (const [i, n] of counts.entries()) results.push(await bed.scanYaml(yaml, { t: rows(n) }, { lakeDir: lake, now: day(i + 1) }));
  return results;
}

describe('metric history', () => {
  it('stores every metric per dataset and run under quality/metrics, idempotently per NOW', async () => {
    const lake = await mkdtemp(join(tmpdir(), 'quality-hist-'));
    const yaml = `checks for t:\n  - row_count > 0\n  - missing_percent(y) < 60\n`;
    await runs(lake, yaml, [10, 12]);
    await bed.scanYaml(yaml, { t: rows(12) }, { lakeDir: lake, now: day(2) }); // replay of run 2
    const files = await readdir(join(lake, 'quality/metrics/dataset=t'));
    expect(files).toEqual(['run=20250601T060000000Z.json', 'run=20250602T060000000Z.json']);
    const stored = JSON.parse(await readFile(join(lake, 'quality/metrics/dataset=t', files[1]), 'utf8'));
    expect(stored).toMatchObject({ dataset: 't', runTs: '20250602T060000000Z', scanTime: day(2) });
    expect(Object.values(stored.metrics)).toEqual(expect.arrayContaining([12, 6, 50]));
  });

  it('change for row_count: pass, warn, fail against the previous run; not evaluated on the first run', async () => {
    const lake = await mkdtemp(join(tmpdir(), 'quality-hist-'));
    const yaml = `checks for t:\n  - change for row_count:\n      warn: when < 0\n      fail: when < -5\n`;
    const [first, pass, warn, fail] = await runs(lake, yaml, [100, 110, 108, 100]);
    expect(first.checks[0]).toMatchObject({ outcome: null, outcomeReasons: [{ code: 'notEnoughHistory' }] });
    expect(first.exitCode).toBe(0);
    expect([pass, warn, fail].map((r) => [r.checks[0].diagnostics.value, r.checks[0].outcome])).toEqual([
      [10, 'pass'],
      [-2, 'warn'],
      [-8, 'fail'],
    ]);
    expect(fail.checks[0].diagnostics.diagnostics).toEqual({ historic_value: 108, metric_value: 100 });
  });

  it('change percent and change avg last N', async () => {
    const lake = await mkdtemp(join(tmpdir(), 'quality-hist-'));
    const yaml = `checks for t:
  - change percent for row_count between -10 and 10
  - change avg last 3 for row_count < 15
  - change max last 2 for missing_percent(y) <= 0
`;
    const results = await runs(lake, yaml, [100, 90, 110, 130]);
    const last = results[3].checks;
    expect(last.map((c) => Math.round(c.diagnostics.value! * 100) / 100)).toEqual([18.18, 30, 0]);
    expect(last.map((c) => c.outcome)).toEqual(['fail', 'fail', 'pass']);
    expect(results[1].checks.map((c) => c.outcome)).toEqual(['pass', 'pass', 'pass']);
  });

  it('anomaly score for row_count < default: fails outside mean ± 3 sd of the last runs, needs 5 runs', async () => {
    const lake = await mkdtemp(join(tmpdir(), 'quality-hist-'));
    const yaml = `checks for t:\n  - anomaly score for row_count < default\n`;
    const results = await runs(lake, yaml, [100, 104, 96, 102, 98, 101, 140]);
    expect(results.slice(0, 5).every((r) => r.checks[0].outcome === null)).toBe(true);
    const normal = results[5].checks[0];
    const outlier = results[6].checks[0];
    expect(normal.outcome).toBe('pass');
    expect(outlier.outcome).toBe('fail');
    expect(outlier.diagnostics.anomaly).toMatchObject({ metric_value: 140, historyCount: 6 });
    expect(outlier.diagnostics.value).toBeGreaterThan(3);
  });

  it('anomaly detection with custom window and warn/fail zones in standard deviations', async () => {
    const lake = await mkdtemp(join(tmpdir(), 'quality-hist-'));
    const yaml = `checks for t:
  - anomaly detection for row_count:
      history window: 4
      min history: 3
      warn: when > 2
      fail: when > 4
`;
    const results = await runs(lake, yaml, [100, 110, 90, 100, 125]);
    expect(results[3].checks[0].outcome).toBe('pass');
    expect(results[4].checks[0]).toMatchObject({ outcome: 'warn' });
  });

  it('schema "when schema changes" compares with the previous stored schema', async () => {
    const lake = await mkdtemp(join(tmpdir(), 'quality-hist-'));
    const yaml = `checks for t:\n  - schema:\n      fail:\n        when schema changes: any\n`;
    const first = await bed.scanYaml(yaml, { t: 'SELECT 1 AS a, 2 AS b' }, { lakeDir: lake, now: day(1) });
    const same = await bed.scanYaml(yaml, { t: 'SELECT 1 AS a, 2 AS b' }, { lakeDir: lake, now: day(2) });
    const changed = await bed.scanYaml(yaml, { t: "SELECT 1 AS a, 'x' AS b, 3 AS c" }, { lakeDir: lake, now: day(3) });
    expect([first, same, changed].map((r) => r.checks[0].outcome)).toEqual([null, 'pass', 'fail']);
    expect(changed.checks[0].diagnostics.schema_changes).toEqual(['column added: c', 'column type changed: b integer -> varchar']);
  });

  it('works through an object store (the lake in S3) too', async () => {
    const objects = new Map<string, Uint8Array>();
    const store: ObjectStoreLike = {
      async get(key) {
        return objects.get(key) ?? null;
      },
      async put(key, body) {
        objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
      },
      async list(prefix) {
        return [...objects.keys()]
          .filter((k) => k.startsWith(prefix))
          .sort()
          .map((key) => ({ key }));
      },
    };
    const yaml = `checks for t:\n  - change for row_count = 5\n`;
    await bed.scanYaml(yaml, { t: rows(5) }, { metricStore: objectMetricStore(store), now: day(1) });
    const second = await bed.scanYaml(yaml, { t: rows(10) }, { metricStore: objectMetricStore(store), now: day(2) });
    expect(second.checks[0].outcome).toBe('pass');
    expect([...objects.keys()]).toEqual(['quality/metrics/dataset=t/run=20250601T060000000Z.json', 'quality/metrics/dataset=t/run=20250602T060000000Z.json']);
  });
});

describe('history arithmetic', () => {
  it('change over time follows Soda (diff, percent, aggregate of last N)', () => {
    expect(changeOverTime(110, [90, 100], 1, 'min', false)).toEqual({ value: 10, historicValue: 100 });
    expect(changeOverTime(110, [90, 100], 2, 'avg', true)).toEqual({ value: (15 / 95) * 100, historicValue: 95 });
    expect(changeOverTime(0, [0], 1, 'min', true)).toEqual({ value: 0, historicValue: 0 });
    expect(changeOverTime(1, [0], 1, 'min', true)).toEqual({ value: null, historicValue: 0 });
    expect(changeOverTime(1, [], 1, 'min', false)).toBeUndefined();
  });

  it('anomaly score is |x − mean| / sample sd, with a floor for constant history', () => {
    expect(anomalyScore(13, [10, 12, 14, 12, 12], 30, 5)).toMatchObject({ score: Number(Math.SQRT1_2.toFixed(4)), mean: 12 });
    expect(anomalyScore(12, [10, 12], 30, 5)).toBeUndefined();
    expect(anomalyScore(101, [100, 100, 100, 100, 100], 30, 5)!.score).toBeGreaterThan(1000);
  });
});
