/**
 * Every check type against data that passes, warns and fails. Each case is one check with
 * warn and fail zones (where SodaCL has them) and three datasets named after the outcome
 * they must produce.
 */
import { NOW, testBed, values, type TestBed } from './helpers';

let bed: TestBed;
beforeAll(async () => {
  bed = await testBed();
});
afterAll(() => bed.close());

const ints = (xs: (number | null)[]) =>
  values(
    'x',
    xs.map((x) => [x]),
  );
const texts = (xs: (string | null)[]) =>
  `SELECT CAST(x AS VARCHAR) AS x FROM (${values(
    'x',
    xs.map((x) => [x]),
  )})`;

interface Case {
  check: string;
  pass: string;
  warn?: string;
  fail: string;
  /** Expected metric values for pass / warn / fail. */
  expect?: (number | null)[];
}

const cases: Record<string, Case> = {
  row_count: {
    check: `row_count:\n      warn: when < 3\n      fail: when < 2`,
    pass: ints([1, 2, 3]),
    warn: ints([1, 2]),
    fail: ints([1]),
    expect: [3, 2, 1],
  },
  missing_count_with_missing_values: {
    check: `missing_count(x):\n      missing values: [N/A]\n      warn: when > 0\n      fail: when > 1`,
    pass: texts(['a', 'b']),
    warn: texts(['a', null]),
    fail: texts([null, 'N/A']),
    expect: [0, 1, 2],
  },
  missing_percent: {
    check: `missing_percent(x):\n      warn: when > 10\n      fail: when > 40`,
    pass: ints([1, 2, 3, 4, 5, 6, 7, 8, 9, null]),
    warn: ints([1, 2, 3, 4, 5, 6, 7, 8, null, null]),
    fail: ints([1, null, null, 4, null, null, 7, 8, null, 10]),
    expect: [10, 20, 50],
  },
  invalid_count_valid_values_null_is_not_invalid: {
    check: `invalid_count(x):\n      valid values: [a, b]\n      warn: when > 0\n      fail: when > 1`,
    pass: texts(['a', 'b', null]),
    warn: texts(['a', 'c', null]),
    fail: texts(['c', 'd']),
    expect: [0, 1, 2],
  },
  invalid_percent_missing_values_excluded: {
    check: `invalid_percent(x):\n      missing values: ['-']\n      valid format: integer\n      warn: when > 0\n      fail: when >= 50`,
    pass: texts(['1', ' 22 ', '-', null]),
    warn: texts(['1', '2', '3', 'x']),
    fail: texts(['1', 'x', 'y', '-']),
    expect: [0, 25, 50],
  },
  invalid_count_valid_regex: {
    check: `invalid_count(x):\n      valid regex: '^[A-Z]{2}[0-9]{2}$'\n      warn: when > 0\n      fail: when > 1`,
    pass: texts(['CA11', 'XX00']),
    warn: texts(['CA11', 'ca11']),
    fail: texts(['C11', 'CA1']),
    expect: [0, 1, 2],
  },
  invalid_count_valid_min_max: {
    check: `invalid_count(x):\n      valid min: -1\n      valid max: 1\n      warn: when > 0\n      fail: when > 1`,
    pass: ints([-1, 0, 1, null]),
    warn: ints([0, 2]),
    fail: ints([-2, 2]),
    expect: [0, 1, 2],
  },
  invalid_count_valid_length: {
    check: `invalid_count(x):\n      valid length: 2\n      warn: when > 0\n      fail: when > 1`,
    pass: texts(['CA', 'NY']),
    warn: texts(['CA', 'NYC']),
    fail: texts(['C', 'NYC']),
    expect: [0, 1, 2],
  },
  invalid_count_valid_min_max_length: {
    check: `invalid_count(x):\n      valid min length: 2\n      valid max length: 3\n      warn: when > 0\n      fail: when > 1`,
    pass: texts(['ab', 'abc']),
    warn: texts(['ab', 'abcd']),
    fail: texts(['a', 'abcd']),
    expect: [0, 1, 2],
  },
  invalid_count_invalid_values: {
    check: `invalid_count(x):\n      invalid values: [bad, worse]\n      warn: when > 0\n      fail: when > 1`,
    pass: texts(['ok', null]),
    warn: texts(['ok', 'bad']),
    fail: texts(['bad', 'worse']),
    expect: [0, 1, 2],
  },
  duplicate_count_several_columns_counts_values: {
    check: `duplicate_count(a, b):\n      warn: when > 0\n      fail: when > 1`,
    pass: values('a, b', [
      [1, 1],
      [1, 2],
      [2, null],
      [2, null],
    ]),
    warn: values('a, b', [
      [1, 1],
      [1, 1],
      [1, 1],
      [2, 2],
    ]),
    fail: values('a, b', [
      [1, 1],
      [1, 1],
      [2, 2],
      [2, 2],
      [2, 2],
    ]),
    expect: [0, 1, 2],
  },
  duplicate_percent: {
    check: `duplicate_percent(x):\n      warn: when > 0\n      fail: when > 30`,
    pass: ints([1, 2, 3]),
    warn: ints([1, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    fail: ints([1, 1, 2, 2, 3, 4]),
    expect: [0, 10, 33.33],
  },
  min: { check: `min(x):\n      warn: when < 0\n      fail: when < -10`, pass: ints([0, 5]), warn: ints([-1, 5]), fail: ints([-11, 5]), expect: [0, -1, -11] },
  max: {
    check: `max(x):\n      warn: when > 10\n      fail: when > 100`,
    pass: ints([1, 10]),
    warn: ints([1, 11]),
    fail: ints([1, 101]),
    expect: [10, 11, 101],
  },
  avg: {
    check: `avg(x):\n      warn: when not between 1 and 10\n      fail: when not between 0 and 20`,
    pass: ints([2, 4]),
    warn: ints([10, 12]),
    fail: ints([20, 30]),
    expect: [3, 11, 25],
  },
  sum: {
    check: `sum(x):\n      warn: when >= 10\n      fail: when >= 20`,
    pass: ints([1, 2, null]),
    warn: ints([5, 5]),
    fail: ints([10, 10]),
    expect: [3, 10, 20],
  },
  avg_length: {
    check: `avg_length(x):\n      warn: when < 3\n      fail: when < 2`,
    pass: texts(['abc', 'abcd', null]),
    warn: texts(['ab', 'abc']),
    fail: texts(['a', 'ab']),
    expect: [3.5, 2.5, 1.5],
  },
  percentile: {
    check: `percentile(x, 0.5):\n      warn: when > 5\n      fail: when > 50`,
    pass: ints([1, 2, 3, 100]),
    warn: ints([1, 6, 7, 8]),
    fail: ints([51, 52, 1]),
    expect: [2, 6, 51],
  },
  stddev: {
    check: `stddev(x):\n      warn: when > 1\n      fail: when > 10`,
    pass: ints([1, 1, 1]),
    warn: ints([1, 3, 5]),
    fail: ints([0, 30]),
    expect: [0, 2, 21.2132],
  },
  user_defined_expression: {
    check: `net_share:\n      net_share expression: sum(x) / count(*)\n      warn: when > 10\n      fail: when > 20`,
    pass: ints([10, 10]),
    warn: ints([10, 20]),
    fail: ints([30, 20]),
    expect: [10, 15, 25],
  },
  user_defined_query: {
    check: `largest:\n      largest query: SELECT max(x) FROM t\n      warn: when > 10\n      fail: when > 20`,
    pass: ints([1, 10]),
    warn: ints([11]),
    fail: ints([21]),
    expect: [10, 11, 21],
  },
  failed_rows_condition: {
    check: `failed rows:\n      name: x must be positive\n      fail condition: x <= 0\n      warn: when > 0\n      fail: when > 1`,
    pass: ints([1, 2, null]),
    warn: ints([1, 0]),
    fail: ints([-1, 0]),
    expect: [0, 1, 2],
  },
  failed_rows_query: {
    check: `failed rows:\n      name: no negatives\n      fail query: SELECT * FROM t WHERE x < \${LIMIT}\n      warn: when > 0\n      fail: when > 1`,
    pass: ints([1, 2]),
    warn: ints([-1, 2]),
    fail: ints([-1, -2]),
    expect: [0, 1, 2],
  },
  inline_between: {
    check: `avg(x) between 1 and 10`,
    pass: ints([1, 10]),
    fail: ints([11, 12]),
    expect: [5.5, 11.5],
  },
  inline_exclusive_between: {
    check: `max(x) between (0 and 10)`,
    pass: ints([9]),
    fail: ints([10]),
    expect: [9, 10],
  },
  inline_not_equal: { check: `row_count != 0`, pass: ints([1]), fail: `SELECT 1 AS x WHERE false`, expect: [1, 0] },
  reference_has_no_warn_zone: {
    check: `values in (x) must exist in ref (id)`,
    pass: ints([1, 2, null]),
    fail: ints([1, 3, 4]),
    expect: [0, 2],
  },
};

describe('check types: pass, warn and fail', () => {
  it.each(Object.entries(cases))('%s', async (_name, c) => {
    const yaml = `checks for t:\n  - ${c.check}\n`;
    const outcomes: string[] = [];
    const metricValues: (number | null)[] = [];
    for (const variant of ['pass', 'warn', 'fail'] as const) {
      const data = c[variant];
      if (!data) continue;
      const result = await bed.scanYaml(yaml, { t: data, ref: values('id', [[1], [2]]) }, { vars: { LIMIT: '0' } });
      expect(result.logs.filter((l) => l.level === 'error')).toEqual([]);
      outcomes.push(result.checks[0].outcome!);
      metricValues.push(result.checks[0].diagnostics.value);
      expect(result.exitCode).toBe(({ pass: 0, warn: 1, fail: 2 } as const)[variant]);
    }
    expect(outcomes).toEqual(c.warn ? ['pass', 'warn', 'fail'] : ['pass', 'fail']);
    if (c.expect) expect(metricValues.map((v) => (v === null ? v : Math.round(v * 10_000) / 10_000))).toEqual(c.expect);
  });
});

describe('freshness', () => {
  const yaml = `checks for t:\n  - freshness(ts):\n      warn: when > 1d\n      fail: when > 2d\n`;
  const at = (iso: string) => `SELECT TIMESTAMP '${iso}' AS ts, DATE '${iso.slice(0, 10)}' AS d`;

  it('compares NOW with the newest value: pass, warn, fail', async () => {
    const outcomes = [];
    for (const ts of ['2025-06-01 11:00:00', '2025-05-31 00:00:00', '2025-05-29 23:00:00']) {
      const r = await bed.scanYaml(yaml, { t: at(ts) });
      outcomes.push([r.checks[0].outcome, r.checks[0].diagnostics.freshness]);
    }
    expect(outcomes).toEqual([
      ['pass', '1h'],
      ['warn', '1d 12h'],
      ['fail', '2d 13h'],
    ]);
  });

  it('reads h/m units, DATE columns, a custom now variable, and fails without any value', async () => {
    const r = await bed.scanYaml(
      `checks for t:
  - freshness(ts) < 1h30m
  - freshness(d) < 12h
  - freshness(ts, LOADED_AT) < 2m
  - freshness(missing_ts) < 1d
`,
      { t: `SELECT TIMESTAMP '2025-06-01 11:00:00' AS ts, DATE '2025-06-01' AS d, CAST(NULL AS TIMESTAMP) AS missing_ts` },
      { vars: { LOADED_AT: '2025-06-01T11:01:00Z' } },
    );
    expect(r.checks.map((c) => c.outcome)).toEqual(['pass', 'pass', 'pass', 'fail']);
    expect(r.checks[0].diagnostics).toMatchObject({ value: 3_600_000, maxColumnTimestamp: '2025-06-01T11:00:00.000Z', nowTimestamp: NOW });
  });
});

describe('schema', () => {
  const yaml = `checks for t:
  - schema:
      warn:
        when required column missing: [optional_col]
        when forbidden column present: [ssn%]
      fail:
        when required column missing: [id]
        when wrong column type:
          id: integer
          name: varchar
        when wrong column index:
          id: 0
`;
  it('passes, warns and fails on required, forbidden, type and index validations', async () => {
    const pass = await bed.scanYaml(yaml, { t: `SELECT 1::INTEGER AS id, 'a' AS name, 1 AS optional_col` });
    const warnMissing = await bed.scanYaml(yaml, { t: `SELECT 1::INTEGER AS id, 'a' AS name` });
    const warnForbidden = await bed.scanYaml(yaml, { t: `SELECT 1::INTEGER AS id, 'a' AS name, 1 AS optional_col, 'x' AS ssn_hash` });
    const failType = await bed.scanYaml(yaml, { t: `SELECT '1' AS id, 'a' AS name, 1 AS optional_col` });
    const failIndex = await bed.scanYaml(yaml, { t: `SELECT 'a' AS name, 1::INTEGER AS id, 1 AS optional_col` });
    const failMissing = await bed.scanYaml(yaml, { t: `SELECT 'a' AS name` });
    expect([pass, warnMissing, warnForbidden, failType, failIndex, failMissing].map((r) => r.checks[0].outcome)).toEqual([
      'pass',
      'warn',
      'warn',
      'fail',
      'fail',
      'fail',
    ]);
    expect(warnForbidden.checks[0].diagnostics.schema_present_column_names).toEqual(['ssn_hash']);
    expect(failType.checks[0].diagnostics.schema_column_type_mismatches).toEqual({ id: { expected_type: 'integer', actual_type: 'varchar' } });
    expect(failIndex.checks[0].diagnostics.schema_column_index_mismatches).toEqual({
      id: { expected_index: 0, actual_index: 1, column_on_expected_index: 'name' },
    });
    expect(failMissing.checks[0].diagnostics.schema_missing_column_names).toEqual(['id']);
    expect(pass.checks[0].diagnostics.schema).toContainEqual({ columnName: 'id', sourceDataType: 'integer' });
  });
});

describe('reference checks', () => {
  it('count source rows whose non-null values are missing in the target, several columns too, with samples', async () => {
    const r = await bed.scanYaml(
      `checks for src:
  - values in (a, b) must exist in tgt (x, y):
      samples limit: 1
`,
      {
        src: values('a, b', [
          [1, 1],
          [1, 2],
          [3, 3],
          [null, null],
        ]),
        tgt: values('x, y', [
          [1, 1],
          [1, 1],
        ]),
      },
    );
    expect(r.checks[0]).toMatchObject({ outcome: 'fail', diagnostics: { value: 2, failedRows: { totalRowCount: 2, storedRowCount: 1 } } });
    expect(r.checks[0].diagnostics.failedRows!.rows[0]).toEqual({ a: 1, b: 2 });
  });
});
