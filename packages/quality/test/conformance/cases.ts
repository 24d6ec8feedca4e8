/**
 * Cases transcribed from soda-core v3's own tests (branch v3, soda/core/tests/data_source/*.py).
 * Each: the SodaCL of the test (table names replaced), its variables, and the outcome per check
 * that the test asserts (`assert_all_checks_pass` → every check 'pass', …). Tests that assert
 * only logs, query text, Soda Cloud payloads or need a second data source are not transcribed
 * (docs/QUALITY.md lists them).
 */
import type { ConformanceCase, SodaOutcome } from './types';

const all = (n: number, o: SodaOutcome): SodaOutcome[] => Array<SodaOutcome>(n).fill(o);
const lines = (xs: string[]) => xs.map((x) => `  - ${x}`).join('\n');

export const CORE_CASES: ConformanceCase[] = [
  {
    id: 'test_count.py::test_row_count_thresholds_with_variables',
    area: 'variables',
    vars: { nine: '9' },
    checks: 'checks for customers:\n  - row_count > ${nine}',
    expect: ['pass'],
  },
  {
    id: 'test_count.py::test_row_count_between_thresholds_with_variables',
    area: 'variables',
    vars: { row_count_min: '9', row_count_max: '11' },
    checks: 'checks for customers:\n  - row_count between ${row_count_min} and ${row_count_max}',
    expect: ['pass'],
  },
  {
    id: 'test_count.py::test_row_count_thresholds_passing',
    area: 'core',
    checks: `checks for customers:\n${lines([
      'row_count = 10.0',
      'row_count < 11',
      'row_count > 9',
      'row_count <= 10',
      'row_count >= 10',
      'row_count != 0',
      'row_count <> 0',
      'row_count between 10 and 15]',
      'row_count between [-5 and 10',
      'row_count between (9 and 15]',
      'row_count between -5 and 11)',
      'row_count not between 11 and 15',
      'row_count not between [-5 and 9]',
      'row_count not between (10 and 15',
      'row_count not between -5 and 10)',
    ])}`,
    expect: all(15, 'pass'),
  },
  {
    id: 'test_count.py::test_row_count_thresholds_failing',
    area: 'core',
    checks: `checks for customers:\n${lines([
      'row_count < 10',
      'row_count > 10',
      'row_count <= 9',
      'row_count >= 11',
      'row_count between 11 and 15',
      'row_count between 5 and 9]',
      'row_count between (10 and 15',
      'row_count between 5 and 10)',
      'row_count not between [10 and 15',
      'row_count not between [5 and 10]',
      'row_count not between (9 and 15]',
      'row_count not between [5 and 11)',
    ])}`,
    expect: all(12, 'fail'),
  },
  {
    id: 'test_warning_threshold.py::test_warning_threshold',
    area: 'core',
    checks: `checks for customers:
  - row_count:
      warn: when not between (19 and 25]
      fail: when not between (5 and 30]
  - row_count:
      warn: when not between (5 and 30]
      fail: when not between (19 and 25]
  - row_count:
      warn: when < 15
      fail: when < 5
  - row_count:
      warn: when = 10
      fail: when = 11
  - row_count:
      warn: when between 1 and 100
      fail: when between 5 and 15`,
    expect: ['warn', 'fail', 'warn', 'warn', 'fail'],
  },
  {
    id: 'test_min_max_avg_sum.py::test_min_max_avg_sum',
    area: 'core',
    checks: `checks for customers:\n${lines(['min(cst_size) = -3', 'max(cst_size) = 6', 'avg(cst_size) between 1.12 and 1.13', 'sum(cst_size) between 7.8 and 7.9'])}`,
    expect: all(4, 'pass'),
  },
  {
    id: 'test_min_max_avg_length.py::test_min_max_avg_length',
    area: 'core',
    checks: `checks for customers:\n${lines(['min_length(cat) = 3', 'max_length(cat) = 6', 'avg_length(cat) = 4.2'])}`,
    expect: all(3, 'pass'),
  },
  {
    id: 'test_data_source_specific_aggregation_functions.py::test_data_source_specific_statistics_aggregation_metrics',
    area: 'core',
    checks: `checks for customers:\n${lines([
      'stddev(cst_size) between 3.26 and 3.27',
      'stddev_pop(cst_size) between 3.02 and 3.03',
      'stddev_samp(cst_size) between 3.26 and 3.27',
      'variance(cst_size) between 10.65 and 10.66',
      'var_pop(cst_size) between 9.13 and 9.14',
      'var_samp(cst_size) between 10.65 and 10.66',
      'percentile(distance, 0.7) = 999',
    ])}\nconfigurations for customers:\n  valid min for distance: 0`,
    expect: all(7, 'pass'),
  },
  {
    id: 'test_duplicates.py::test_duplicates_single_column',
    area: 'core',
    checks: 'checks for customers:\n  - duplicate_count(cat) = 1',
    expect: ['pass'],
  },
  {
    id: 'test_duplicates.py::test_duplicates_multiple_columns',
    area: 'core',
    checks: 'checks for customers:\n  - duplicate_count(cat, country) = 1',
    expect: ['pass'],
  },
  {
    id: 'test_duplicates.py::test_duplicates_with_filter',
    area: 'filters',
    checks: "checks for customers:\n  - duplicate_count(cat) = 0:\n      filter: country = 'NL'",
    expect: ['pass'],
  },
  ...(
    [
      ['missing_count', 'missing_count(cat) = 0', 'customers'],
      ['duplicate_count', 'duplicate_count(zip) = 0', 'customers'],
      ['duplicate_percent', 'duplicate_percent(zip) = 0', 'customers'],
      ['invalid_count', 'invalid_count(cst_size) = 0:\n      valid max: 10\n      valid min: 0', 'customers'],
      ['reference', 'values in (customer_id_nok) must exist in customers (id)', 'orders'],
    ] as const
  ).map(
    ([param, check, table]): ConformanceCase => ({
      id: `test_pass_fail_queries.py::test_pass_fail_queries [${param}]`,
      area: param === 'reference' ? 'reference' : 'core',
      checks: `checks for ${table}:\n  - ${check}`,
      expect: ['fail'],
    }),
  ),
  {
    id: 'test_pass_fail_queries.py::test_with_multiple_aggregate_checks',
    area: 'core',
    checks: 'checks for customers:\n  - missing_count(cat) = 0:\n      name: missing_count cat\n  - missing_count(id) = 0:\n      name: missing_count id',
    expect: ['fail', 'fail'],
  },
  {
    id: 'test_percentage_metrics.py::test_default_missing_percentage',
    area: 'missing-invalid',
    checks: `checks for customers:
  - missing_percent(pct) = 30
  - invalid_percent(pct) = 10
configurations for customers:
  missing values for pct: [No value, N/A]
  valid format for pct: percentage`,
    expect: ['pass', 'pass'],
  },
  {
    id: 'test_bug_double_metric_computation.py::test_double_metric_computation',
    area: 'core',
    checks: 'checks for customers:\n  - row_count > 0\n  - invalid_percent(pct) < 35 %:\n      valid format: percentage',
    expect: ['pass', 'pass'],
  },
  {
    id: 'test_row_count_comparison.py::test_row_count_comparison',
    area: 'core',
    checks: 'checks for customers:\n  - row_count same as rawcustomers',
    expect: ['pass'],
  },
  {
    id: 'test_row_count_comparison.py::test_row_count_comparison_with_filters',
    area: 'filters',
    checks: `filter customers [daily]:
  where: cst_size IS NULL
filter rawcustomers [daily]:
  where: cst_size >= 1
checks for customers [daily]:
  - row_count same as rawcustomers [daily]`,
    expect: ['pass'],
  },
  {
    id: 'test_row_count_comparison.py::test_row_count_comparison_cross_data_source',
    area: 'core',
    checks: 'checks for customers:\n  - row_count same as rawcustomers in medallion_lake',
    expect: ['pass'],
  },
  {
    id: 'test_row_count_comparison.py::test_row_count_comparison_cross_data_source_with_filter',
    area: 'filters',
    checks: `filter customers [daily]:
  where: cst_size IS NULL
filter rawcustomers [daily-ref]:
  where: cst_size IS NULL
checks for customers [daily]:
  - row_count same as rawcustomers daily-ref in medallion_lake`,
    expect: ['pass'],
  },
];

export const FILTER_CASES: ConformanceCase[] = [
  {
    id: 'test_metric_check_filter.py::test_count_filtered',
    area: 'filters',
    checks: "checks for customers:\n  - row_count = 3:\n      filter: cat = 'HIGH'",
    expect: ['pass'],
  },
  {
    id: 'test_metric_check_filter.py::test_missing_filtered',
    area: 'filters',
    checks: "checks for customers:\n  - missing_count(pct) = 1:\n      missing values: [No value, N/A, error]\n      filter: cat = 'HIGH'",
    expect: ['pass'],
  },
  {
    id: 'test_metric_check_filter.py::test_missing_filtered_sample_query',
    area: 'filters',
    checks: "checks for customers:\n  - missing_count(pct) = 1:\n      missing values: [No value, N/A, error]\n      filter: country = 'NL'",
    expect: ['fail'],
  },
  {
    id: 'test_metric_check_filter.py::test_valid_filtered',
    area: 'filters',
    checks:
      "checks for customers:\n  - valid_count(pct) = 2:\n      valid format: percentage\n      missing values: [No value, N/A, error]\n      filter: cat = 'HIGH'",
    expect: ['pass'],
  },
  {
    id: 'test_metric_check_filter.py::test_valid_percentage_filtered',
    area: 'filters',
    checks: 'checks for customers:\n  - invalid_percent(pct) = 40:\n      valid format: percentage\n      missing values: [N/A]\n      filter: cat IS NULL',
    expect: ['pass'],
  },
  {
    id: 'test_table_filter.py::test_filter_on_date [2020-06-23]',
    area: 'filters',
    vars: { DATE_LOWER: '2020-06-23', DATE_UPPER: '2020-06-24' },
    checks: `filter customers [daily]:
  where: date_updated >= DATE '\${DATE_LOWER}' AND date_updated < DATE '\${DATE_UPPER}'

checks for customers:
  - row_count = 10
  - missing_count(cat) = 5

checks for customers [daily]:
  - row_count = 6
  - missing_count(cat) = 2
  - schema:
      warn:
        when forbidden column present: [non-existing]`,
    expect: all(5, 'pass'),
  },
  {
    id: 'test_table_filter.py::test_filter_on_date [2020-06-24]',
    area: 'filters',
    vars: { DATE_LOWER: '2020-06-24', DATE_UPPER: '2020-06-25' },
    checks: `filter customers [daily]:
  where: date_updated >= DATE '\${DATE_LOWER}' AND date_updated < DATE '\${DATE_UPPER}'

checks for customers:
  - row_count = 10
  - missing_count(cat) = 5

checks for customers [daily]:
  - row_count = 4
  - missing_count(cat) = 3
  - values in (id) must exist in customersdist (id)`,
    expect: all(5, 'pass'),
  },
  ...(
    [
      ['2020-06-23 00:00:00', '2020-06-24 00:00:00', 6, 2],
      ['2020-06-24 00:00:00', '2020-06-25 00:00:00', 4, 3],
    ] as const
  ).map(
    ([start, end, rows, missing]): ConformanceCase => ({
      id: `test_table_filter.py::test_table_filter_on_timestamp [${start.slice(0, 10)}]`,
      area: 'filters',
      vars: { ts_start: start, ts_end: end },
      checks: `filter customers [daily]:
  where: TIMESTAMP '\${ts_start}' <= ts AND ts < TIMESTAMP '\${ts_end}'

checks for customers:
  - row_count = 10
  - missing_count(cat) = 5

checks for customers [daily]:
  - row_count = ${rows}
  - missing_count(cat) = ${missing}`,
      expect: all(4, 'pass'),
    }),
  ),
];

export const REFERENCE_CASES: ConformanceCase[] = [
  ['test_reference_check_fail', 'values in customer_id_nok must exist in customers id', 'fail'],
  ['test_reference_check_pass', 'values in (customer_id_ok) must exist in customers (id)', 'pass'],
  ['test_reference_check_pass_identity', 'values in (customer_id_ok) must exist in customers (id):\n      identity: test_identity', 'pass'],
  ['test_multi_column_reference_check', 'values in (customer_country, customer_zip) must exist in customers (country, zip)', 'fail'],
  ['test_reference_check_pass_not', 'values in id must not exist in customers id', 'pass'],
  ['test_reference_check_fail_not', 'values in (customer_id_ok) must not exist in customers (id)', 'fail'],
  ['test_multi_column_reference_check_not', 'values in (id, text) must not exist in customers (id, cst_size_txt)', 'pass'],
].map(([fn, check, outcome]) => ({
  id: `test_reference_check.py::${fn}`,
  area: 'reference',
  checks: `checks for orders:\n  - ${check}`,
  expect: [outcome as SodaOutcome],
}));
