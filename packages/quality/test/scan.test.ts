/** Scan-level behaviour: one statement per dataset, filters, for each dataset, errors, exit codes, results. */
import { testBed, values, type TestBed } from './helpers';
import { buildDatasetStatement } from '../src/dataset-scan';
import { formatSummary } from '../src/summary';

let bed: TestBed;
beforeAll(async () => {
  bed = await testBed();
});
afterAll(() => bed.close());

const orders = values('id, status, amount, region', [
  [1, 'open', 10, 'eu'],
  [2, 'open', 20, 'eu'],
  [3, 'closed', null, 'us'],
  [3, 'weird', 40, 'us'],
  [5, null, 50, 'us'],
]);

describe('one SQL scan per dataset', () => {
  it('computes 20+ column metrics of a dataset in a single statement, duplicates included', async () => {
    const yaml = `checks for orders:
  - row_count > 0
  - missing_count(status) < 5
  - missing_percent(amount) < 50
  - invalid_count(status) < 5:
      valid values: [open, closed]
  - invalid_percent(status) < 50:
      valid values: [open, closed]
  - duplicate_count(id) < 5
  - duplicate_percent(id, region) < 50
  - min(amount) >= 0
  - max(amount) < 100
  - avg(amount) > 0
  - sum(amount) > 0
  - avg_length(status) > 0
  - min_length(status) > 0
  - max_length(status) < 10
  - percentile(amount, 0.9) < 100
  - stddev(amount) >= 0
  - variance(amount) >= 0
  - freshness(ts) < 1d
  - failed rows:
      name: amounts are positive
      fail condition: amount <= 0
  - total_eu > 0:
      total_eu expression: sum(CASE WHEN region = 'eu' THEN amount END)
  - row_count > 0:
      filter: region = 'eu'
  - row_count same as orders
checks for other:
  - row_count > 0
`;
    const r = await bed.scanYaml(yaml, { orders: `SELECT *, TIMESTAMP '2025-06-01 10:00:00' AS ts FROM (${orders})`, other: values('x', [[1]]) });
    expect(r.checks).toHaveLength(23);
    expect(r.checks.every((c) => c.outcome === 'pass')).toBe(true);
    expect(r.scans.metricStatementsPerDataset).toEqual({ orders: 1, other: 1 });
    expect(r.queries.filter((q) => q.kind === 'metrics')).toHaveLength(2);
    expect(r.exitCode).toBe(0);
  });

  it('puts duplicate counts into the same statement as grouped subqueries', () => {
    const { sql } = buildDatasetStatement('t', [
      { identity: 'a', request: { dataset: 't', metric: 'row_count' }, sql: { shape: 'aggregate', sql: 'count(*)' } },
      { identity: 'b', request: { dataset: 't', metric: 'duplicate_count' }, sql: { shape: 'duplicates', columns: ['"id"'], where: '"id" IS NOT NULL' } },
    ]);
    expect(sql).toBe(
      'SELECT * FROM (SELECT\n  count(*) AS m0\nFROM "t") AS main\nCROSS JOIN (SELECT count(*) AS m1 FROM (SELECT 1 FROM "t" WHERE "id" IS NOT NULL GROUP BY "id" HAVING count(*) > 1)) AS x1',
    );
  });
});

describe('filters', () => {
  it('applies a named dataset filter (partition) and a per-check filter, to counts and percentages', async () => {
    const r = await bed.scanYaml(
      `filter orders [us]:
  where: region = '\${REGION}'

checks for orders [us]:
  - row_count = 3
  - missing_percent(status) = 33.33
  - duplicate_count(id) = 1

checks for orders:
  - row_count = 2:
      filter: region = 'eu'
  - row_count = 5
`,
      { orders },
      { vars: { REGION: 'us' } },
    );
    expect(r.checks.map((c) => [c.filter, c.diagnostics.value, c.outcome])).toEqual([
      ['us', 3, 'pass'],
      ['us', 33.33, 'pass'],
      ['us', 1, 'pass'],
      [null, 2, 'pass'],
      [null, 5, 'pass'],
    ]);
    expect(r.scans.metricStatementsPerDataset).toEqual({ orders: 1 });
  });

  it('reports an undeclared filter as an error', async () => {
    const r = await bed.scanYaml(`checks for orders [nope]:\n  - row_count > 0\n`, { orders });
    expect(r.checks[0].outcome).toBe('error');
    expect(r.checks[0].outcomeReasons[0].message).toMatch(/filter not declared/);
    expect(r.exitCode).toBe(3);
  });
});

describe('for each dataset', () => {
  it('expands checks over matching datasets, with include/exclude patterns and the alias in names', async () => {
    const r = await bed.scanYaml(
      `for each dataset T:
  datasets:
    - gold_%
    - exclude gold_skip
  checks:
    - row_count > 1:
        name: \${T} has rows
`,
      { gold_a: values('x', [[1], [2]]), gold_b: values('x', [[1]]), gold_skip: values('x', [[1]]), silver_c: values('x', [[1]]) },
    );
    expect(r.checks.map((c) => [c.table, c.name, c.outcome])).toEqual([
      ['gold_a', 'gold_a has rows', 'pass'],
      ['gold_b', 'gold_b has rows', 'fail'],
    ]);
  });
});

describe('Soda semantics', () => {
  it('NULL is never invalid, missing values do not count as invalid, invalid without validity counts 0', async () => {
    const r = await bed.scanYaml(
      `checks for t:
  - invalid_count(x) = 1:
      missing values: [N/A]
      valid values: [a]
  - invalid_count(x) = 0
  - missing_count(x) = 2:
      missing values: [N/A]
`,
      { t: values('x', [['a'], [null], ['N/A'], ['b']]) },
    );
    expect(r.checks.map((c) => [c.diagnostics.value, c.outcome])).toEqual([
      [1, 'pass'],
      [0, 'pass'],
      [2, 'pass'],
    ]);
  });

  it('rounds percentages like Python round(x, 2), and a percentage of an empty dataset is 0', async () => {
    const r = await bed.scanYaml(
      `checks for t:\n  - missing_percent(x) = 12.5\n  - missing_percent(x) = 33.33:\n      filter: y < 3\nchecks for empty:\n  - missing_percent(x) = 0\n`,
      {
        t: values('x, y', [
          [null, 1],
          [1, 1],
          [1, 2],
          [1, 4],
          [1, 5],
          [1, 6],
          [1, 7],
          [1, 8],
        ]),
        empty: 'SELECT 1 AS x WHERE false',
      },
    );
    expect(r.checks.map((c) => c.outcome)).toEqual(['pass', 'pass', 'pass']);
  });

  it('names checks like Soda (line + warn/fail) and keeps the YAML definition and location', async () => {
    const r = await bed.scanYaml(`checks for t:\n  - row_count:\n      warn: when < 10\n      fail: when < 1\n`, { t: values('x', [[1]]) });
    expect(r.checks[0]).toMatchObject({
      name: 'row_count warn when < 10 fail when < 1',
      definition: 'checks for t:\n  - row_count:\n      warn: when < 10\n      fail: when < 1',
      location: { filePath: 'checks_yaml_1.yml', line: 2, col: 5 },
      outcome: 'warn',
      diagnostics: { value: 1, fail: { lessThan: 1 }, warn: { lessThan: 10 } },
    });
  });

  it('checks with no value (avg of no rows) are not evaluated and do not change the exit code', async () => {
    const r = await bed.scanYaml(`checks for t:\n  - avg(x) > 0\n`, { t: 'SELECT 1 AS x WHERE false' });
    expect(r.checks[0].outcome).toBeNull();
    expect(r.counts.notEvaluated).toBe(1);
    expect(r.exitCode).toBe(0);
  });
});

describe('samples', () => {
  it('caps failed-row samples at 100 by default and at "samples limit" when given', async () => {
    const many = 'SELECT i AS x FROM range(250) AS r(i)';
    const r = await bed.scanYaml(
      `checks for t:\n  - invalid_count(x) = 0:\n      valid max: -1\n  - failed rows:\n      name: small\n      fail condition: x >= 0\n      samples limit: 3\n`,
      { t: many },
    );
    expect(r.checks[0].diagnostics.failedRows).toMatchObject({ totalRowCount: 250, storedRowCount: 100 });
    expect(r.checks[1].diagnostics.failedRows).toMatchObject({ totalRowCount: 250, storedRowCount: 3, columns: ['x'] });
  });

  it('takes no samples for passing checks', async () => {
    const r = await bed.scanYaml(`checks for t:\n  - missing_count(x) < 5\n`, { t: values('x', [[null]]) });
    expect(r.checks[0].diagnostics.failedRows).toBeUndefined();
    expect(r.queries.filter((q) => q.kind === 'samples')).toHaveLength(0);
  });
});

describe('errors and exit codes', () => {
  it('0 pass, 1 warn, 2 fail, 3 error', async () => {
    const t = values('x', [[1]]);
    expect((await bed.scanYaml(`checks for t:\n  - row_count = 1\n`, { t })).exitCode).toBe(0);
    expect((await bed.scanYaml(`checks for t:\n  - row_count:\n      warn: when = 1\n`, { t })).exitCode).toBe(1);
    expect((await bed.scanYaml(`checks for t:\n  - row_count:\n      warn: when = 1\n  - row_count = 2\n`, { t })).exitCode).toBe(2);
    expect((await bed.scanYaml(`checks for t:\n  - row_count = 2\n  - nonsense_metric(x) > 1\n`, { t })).exitCode).toBe(3);
  });

  it('a broken filter errors only its own check (the dataset statement is retried per metric)', async () => {
    const r = await bed.scanYaml(`checks for t:\n  - row_count = 1\n  - row_count = 1:\n      filter: no_such_column = 1\n  - max(x) = 1\n`, {
      t: values('x', [[1]]),
    });
    expect(r.checks.map((c) => c.outcome)).toEqual(['pass', 'error', 'pass']);
    expect(r.checks[1].outcomeReasons[0].message).toMatch(/no_such_column/);
    expect(r.exitCode).toBe(3);
  });

  it('a dataset with no data errors its checks with a clear reason', async () => {
    const r = await bed.scanYaml(`checks for ghost:\n  - row_count > 0\n`, {});
    expect(r.checks[0]).toMatchObject({ outcome: 'error', table: 'ghost' });
    expect(r.checks[0].outcomeReasons[0].message).toMatch(/ghost is not available/);
  });

  it('reports YAML and grammar problems with their location', async () => {
    const r = await bed.scanYaml(
      `checks for t:\n  - row_count >< 1\n  - schema:\n      fail:\n        when required columns missing: [x]\nprofile columns:\n  columns: [t.x]\n`,
      { t: values('x', [[1]]) },
    );
    expect(r.logs.map((l) => [l.level, l.location?.line])).toEqual([
      ['error', 2],
      ['error', 3],
      ['error', 6],
    ]);
    expect(r.exitCode).toBe(3);
  });

  it('reports a YAML syntax error at the line where it is', async () => {
    const yaml = 'checks for t:\n  - row_count > 0\n  - missing_count(x) = 0:\n      name: x has values\n     oops: [1\n';
    const r = await bed.scanYaml(yaml, { t: values('x', [[1]]) });
    const [first] = r.logs.filter((l) => l.level === 'error');
    expect(first.location).toMatchObject({ line: 5, col: 1 });
    expect(first.message).toBe('YAML: All mapping items must start at the same column');
    expect(formatSummary(r)).toContain('checks_yaml_1.yml:5 YAML: All mapping items must start at the same column');
  });
});

describe('variables', () => {
  it('become bound parameters inside SQL, so a value cannot inject SQL', async () => {
    const r = await bed.scanYaml(
      `checks for t:\n  - row_count = 0:\n      filter: name = '\${WHO}'\n  - row_count = 1:\n      filter: name = \${OTHER}\n`,
      { t: values('name', [["O'Brien"]]) },
      { vars: { WHO: "x' OR '1'='1", OTHER: "O'Brien" } },
    );
    expect(r.checks.map((c) => [c.diagnostics.value, c.outcome])).toEqual([
      [0, 'pass'],
      [1, 'pass'],
    ]);
    expect(r.queries[0].sql).toContain('$v_WHO');
    expect(r.queries[0].sql).not.toContain('OR');
  });

  it('NOW defaults to the scan time and can be fixed to replay a scan', async () => {
    const r = await bed.scanYaml(
      `checks for t:\n  - row_count = 1:\n      filter: d < CAST(\${NOW} AS TIMESTAMP)\n`,
      { t: `SELECT TIMESTAMP '2025-01-01' AS d` },
      { now: '2025-01-02T00:00:00Z' },
    );
    expect(r.checks[0].outcome).toBe('pass');
    expect(r.dataTimestamp).toBe('2025-01-02T00:00:00Z');
  });

  it('an unknown variable is an error naming the --var to pass', async () => {
    const r = await bed.scanYaml(`checks for t:\n  - row_count > 0:\n      filter: x = \${MISSING}\n`, { t: values('x', [[1]]) });
    expect(r.logs[0].message).toMatch(/--var MISSING=VALUE/);
  });
});
