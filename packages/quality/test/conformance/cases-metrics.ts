/**
 * Cases from soda-core v3 tests (soda/core/tests/data_source/*.py): missing and validity,
 * numeric metrics on text columns, freshness, for each dataset, user-defined metrics and
 * failed rows, variables. See cases.ts for the rules of transcription.
 */
import type { ConformanceCase, SodaOutcome } from './types';

const all = (n: number, o: SodaOutcome): SodaOutcome[] => Array<SodaOutcome>(n).fill(o);

export const MISSING_INVALID_CASES: ConformanceCase[] = [
  { id: 'test_missing.py::test_default_missing', checks: 'checks for customers:\n  - missing_count(id) = 1', n: 1 },
  {
    id: 'test_missing.py::test_column_configured_missing_values',
    checks: 'checks for customers:\n  - missing_count(id) = 2\nconfigurations for customers:\n  missing values for id: [N/A, ID5]',
    n: 1,
  },
  {
    id: 'test_missing.py::test_check_configured_missing_values',
    checks: 'checks for customers:\n  - missing_count(id) = 2:\n      missing values:\n        - ID5',
    n: 1,
  },
  {
    id: 'test_missing.py::test_check_and_column_configured_missing_values',
    checks:
      'checks for customers:\n  - missing_count(id) = 4:\n      missing values:\n        - ID1\n        - ID2\nconfigurations for customers:\n  missing values for id: [N/A, ID5]',
    n: 1,
  },
  { id: 'test_missing.py::test_missing_format', checks: 'checks for customers:\n  - missing_count(country) = 0:\n      missing format: integer', n: 1 },
  {
    id: 'test_invalid.py::test_default_invalid',
    checks: 'checks for customers:\n  - invalid_count(id) = ${zero}\n  - valid_count(id) = 9',
    n: 2,
    vars: { zero: '0' },
  },
  {
    id: 'test_invalid.py::test_column_configured_invalid_values',
    checks:
      'checks for customers:\n  - invalid_count(id) = 6\n  - valid_count(id) = 3\nconfigurations for customers:\n  valid values for id:\n    - ID1\n    - ID2\n    - ID3',
    n: 2,
  },
  {
    id: 'test_invalid.py::test_valid_min_max',
    checks: 'checks for customers:\n  - invalid_count(cst_size) = 3:\n      valid min: 0\n  - invalid_count(cst_size) = 4:\n      valid max: 0',
    n: 2,
  },
  { id: 'test_invalid.py::test_valid_format_email', checks: 'checks for customers:\n  - invalid_count(email) = 2:\n      valid format: email', n: 1 },
  {
    id: 'test_invalid.py::test_column_configured_invalid_and_missing_values',
    checks:
      "checks for customers:\n  - missing_count(pct) = 3\n  - invalid_count(pct) = 1\n  - valid_count(pct) = 6\nconfigurations for customers:\n  missing values for pct: ['N/A', 'No value']\n  valid format for pct: percentage",
    n: 3,
  },
  {
    id: 'test_invalid.py::test_invalid_values_and_max_length',
    checks: 'checks for customers:\n  - invalid_count(cat) = 1:\n      invalid values: ["LOW"]\n      valid max length: 6',
    n: 1,
  },
  {
    id: 'test_invalid.py::test_invalid_values_and_max_length_one_failing_row',
    checks: 'checks for customers:\n  - invalid_count(cat) = 2:\n      invalid values: ["LOW"]\n      valid max length: 5',
    n: 1,
  },
  {
    id: 'test_invalid.py::test_invalid_values_and_max_length_one_failing_row_include_null',
    checks: 'checks for customers:\n  - invalid_count(cat) = 6:\n      invalid values: ["LOW"]\n      valid max length: 6\n      include null: True',
    n: 1,
  },
  {
    id: 'test_invalid.py::test_valid_length [min/max length]',
    checks:
      'checks for customers:\n  - invalid_count(cat) = 2\n  - valid_count(cat) = 3\nconfigurations for customers:\n  valid min length for cat: 4\n  valid max length for cat: 4',
    n: 2,
  },
  {
    id: 'test_invalid.py::test_valid_length [length]',
    checks: 'checks for customers:\n  - invalid_count(cat) = 2\n  - valid_count(cat) = 3\nconfigurations for customers:\n  valid length for cat: 4',
    n: 2,
  },
  {
    id: 'test_invalid.py::test_check_and_column_configured_invalid_values',
    checks:
      'checks for customers:\n  - valid_count(id) = 9\n  - valid_count(id) = 2:\n      valid values:\n        - ID1\n        - ID2\n  - invalid_count(id) = 0\n  - invalid_count(id) = 7:\n      valid values:\n        - ID1\n        - ID2\nconfigurations for customers:\n  valid regex for id: ID[0-9]',
    n: 4,
  },
  {
    id: 'test_invalid.py::test_invalid_with_invalid_config [invalid values]',
    checks: 'checks for customers:\n  - invalid_count(id) = 2:\n      invalid values:\n        - ID1\n        - ID2',
    n: 1,
  },
  {
    id: 'test_invalid.py::test_invalid_with_invalid_config [invalid format]',
    checks: 'checks for customers:\n  - invalid_count(id) = 0:\n      invalid format: uuid',
    n: 1,
  },
  {
    id: 'test_invalid.py::test_invalid_with_invalid_config [invalid regex]',
    checks: 'checks for customers:\n  - invalid_count(id) = 9:\n      invalid regex: ID[0-9]',
    n: 1,
  },
  {
    id: 'test_invalid.py::test_valid_with_invalid_config [invalid values]',
    checks: 'checks for customers:\n  - valid_count(id) = 7:\n      invalid values:\n        - ID1\n        - ID2',
    n: 1,
  },
  {
    id: 'test_invalid.py::test_valid_with_invalid_config [invalid format]',
    checks: 'checks for customers:\n  - valid_count(id) = 9:\n      invalid format: uuid',
    n: 1,
  },
  {
    id: 'test_invalid.py::test_valid_with_invalid_config [invalid regex]',
    checks: 'checks for customers:\n  - valid_count(id) = 0:\n      invalid regex: ID[0-9]',
    n: 1,
  },
  {
    id: 'test_invalid.py::test_invalid_include_null',
    checks: 'checks for customers:\n  - invalid_count(pct) = 3:\n      invalid values: ["error", "No value"]\n      include null: True',
    n: 1,
  },
  {
    id: 'test_invalid.py::test_valid_include_null',
    checks: 'checks for customers:\n  - valid_count(pct) = 8:\n      invalid values: ["error", "No value"]\n      include null: True',
    n: 1,
  },
].map(({ id, checks, n, vars }) => ({ id, area: 'missing-invalid', checks, expect: all(n, 'pass'), ...(vars ? { vars } : {}) }));

export const NUMERIC_TEXT_CASES: ConformanceCase[] = [
  {
    id: 'test_numerical_metric_checks_on_text_columns.py::test_numeric_metric_checks_on_text_column',
    area: 'numeric-text',
    checks: `checks for customers:
  - min(cst_size_txt) = -3
  - max(cst_size_txt) = 6
  - avg(cst_size_txt) between 1.12 and 1.13
  - sum(cst_size_txt) between 7.899 and 7.9
  - min(pct) between -28.42001 and -28.42
  - max(pct) = 22.75
configurations for customers:
  valid format for cst_size_txt: decimal
  valid format for pct: percentage`,
    expect: all(6, 'pass'),
  },
  {
    id: 'test_numerical_metric_checks_on_text_columns.py::test_numeric_metric_checks_on_text_column_local_format',
    area: 'numeric-text',
    checks: `checks for customers:
  - min(cst_size_txt) = -3:
      valid format: decimal
  - max(cst_size_txt) = 6:
      valid format: decimal
  - min(pct) between -28.42001 and -28.42:
      valid format: percentage
  - max(pct) = 22.75:
      valid format: percentage`,
    expect: all(4, 'pass'),
  },
];

const freshness = (fn: string, checks: string, expect: SodaOutcome[], vars?: Record<string, string>): ConformanceCase => ({
  id: `test_freshness.py::${fn}`,
  area: 'freshness',
  checks,
  expect,
  ...(vars ? { vars } : {}),
});
const WINDOW = { START_TIME: '2020-06-23 00:00:00', END_TIME: '2020-06-24 00:00:00' };

export const FRESHNESS_CASES: ConformanceCase[] = [
  freshness('test_freshness_without_table_filter', 'checks for customers:\n  - freshness(ts) < 1d', ['pass'], { NOW: '2020-06-24 01:00:00' }),
  freshness('test_freshness_timezones_input_no_tz', 'checks for customers:\n  - freshness(ts) < 1d\n  - freshness(ts_with_tz) < 1d', ['pass', 'pass'], {
    NOW: '2020-06-25 00:00:00',
  }),
  freshness('test_freshness_timezones_input_with_tz', 'checks for customers:\n  - freshness(ts_with_tz) < 1d', ['pass'], { NOW: '2020-06-25 01:00:00+01:00' }),
  freshness('test_freshness_timezones_no_input', 'checks for customers:\n  - freshness(ts) < 10000d\n  - freshness(ts_with_tz) < 10000d', ['pass', 'pass']),
  freshness(
    'test_fail_freshness_timezones_input_user_var',
    'checks for customers:\n  - freshness(ts, CUSTOM_USER_VAR) < 1d\n  - freshness(ts_with_tz, CUSTOM_USER_VAR) < 1d',
    ['fail', 'fail'],
    { CUSTOM_USER_VAR: '2020-06-25 02:00:00+01:00' },
  ),
  freshness('test_freshness_warning', 'checks for customers:\n  - freshness(ts):\n      warn: when > 6h\n      fail: when > 24h', ['warn'], {
    NOW: '2020-06-25 00:00:00',
  }),
  freshness(
    'test_freshness_with_table_filter',
    "filter customers [daily]:\n  where: TIMESTAMP '${START_TIME}' <= ts AND ts < TIMESTAMP '${END_TIME}'\n\nchecks for customers [daily]:\n  - freshness(ts, END_TIME):\n      fail: when > 24h\n      warn: when < 23h",
    ['pass'],
    WINDOW,
  ),
  freshness(
    'test_freshness_no_rows',
    "filter customers [empty]:\n  where: 'FALSE'\n\nchecks for customers [empty]:\n  - freshness(ts, END_TIME):\n      fail: when > 24h\n      warn: when < 23h",
    ['fail'],
    WINDOW,
  ),
  freshness(
    'test_freshness_with_check_filter',
    "checks for customers:\n  - freshness(ts, END_TIME):\n      fail: when > 24h\n      warn: when < 23h\n      filter: TIMESTAMP '${START_TIME}' <= ts AND ts < TIMESTAMP '${END_TIME}'",
    ['pass'],
    WINDOW,
  ),
  freshness('test_freshness_check_filter_no_rows', "checks for customers:\n  - freshness(ts, END_TIME) < 24h:\n      filter: 'FALSE'", ['fail'], WINDOW),
  freshness('test_fail_freshness_var_missing', 'checks for customers:\n  - freshness(ts, CUSTOM_USER_VAR) < 1d', ['fail']),
  freshness('test_freshness_with_date', 'checks for customers:\n  - freshness(date_updated) < 1d', ['pass'], { NOW: '2020-06-25 12:00:00' }),
  freshness('test_freshness_mixed_threshold_dh', 'checks for customers:\n  - freshness(ts) < 1d1h', ['pass'], { NOW: '2020-06-24 01:00:00' }),
  freshness('test_freshness_mixed_threshold_hm', 'checks for customers:\n  - freshness(ts) < 24h10m', ['pass'], { NOW: '2020-06-24 01:00:00' }),
  freshness('test_freshness_variable_in_threshold [simple threshold]', 'checks for customers:\n  - freshness(ts) < ${threshold}', ['fail'], {
    threshold: '1h',
  }),
  freshness('test_freshness_variable_in_threshold [fail threshold]', 'checks for customers:\n  - freshness(ts):\n      fail: when > ${threshold}', ['fail'], {
    threshold: '1h',
  }),
];

export const FOR_EACH_CASES: ConformanceCase[] = [
  {
    id: 'test_for_each_dataset.py::test_for_each_dataset',
    area: 'for-each',
    checks: `for each dataset D:
  datasets:
    - customers
    - include %rder  # it won't match orders table since there is no % in the end
    - include rawcustomers%
    - include medallion_lake.rawcustomers%
    - exclude non_existing_dataset
  checks:
    - row_count > 0
    - missing_count(id) = 1`,
    expect: all(4, 'pass'),
  },
  {
    id: 'test_for_each_dataset.py::test_for_each_dataset_schema',
    area: 'for-each',
    checks: `for each dataset D:
  datasets:
    - customers
  checks:
    - schema:
        warn:
          when required column missing: [id]
        fail:
          when forbidden column present:
            - ssn
            - credit_card%`,
    expect: ['pass'],
  },
  {
    id: 'test_for_each_dataset.py::test_for_each_table_backwards_compatibility',
    area: 'for-each',
    checks: 'for each table T:\n  tables:\n    - customers\n  checks:\n    - row_count >= 0',
    expect: ['pass'],
  },
  {
    id: 'test_for_each_dataset.py::test_for_each_dataset_variables',
    area: 'for-each',
    checks: `for each dataset D:
  datasets:
    - customers
  checks:
    - failed rows:
        fail query: "SELECT * FROM \${D} WHERE id = 'ID100'"
    - user_metric < 100:
        user_metric query: "SELECT count(*) FROM \${D}"`,
    expect: ['pass', 'pass'],
  },
  {
    id: 'test_vars.py::test_vars_in_foreach_name',
    area: 'for-each',
    checks: 'for each dataset D:\n  datasets:\n    - include customers\n  checks:\n    - row_count > 1:\n        name: Row count in ${D} must be positive',
    expect: ['pass'],
  },
];
