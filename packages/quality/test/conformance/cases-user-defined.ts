/**
 * Cases from soda-core v3 tests/data_source/test_user_defined_metric_checks.py and
 * test_user_defined_failed_rows_checks.py (and the variables they use). See cases.ts for the
 * rules of transcription.
 */
import type { ConformanceCase } from './types';

const AVG_SURFACE = 'SELECT AVG(cst_size * distance) as avg_surface\n        FROM customers';
export const USER_DEFINED_CASES: ConformanceCase[] = [
  {
    id: 'test_user_defined_metric_checks.py::test_user_defined_table_expression_metric_check',
    area: 'user-defined',
    checks: `checks for customers:
  - avg_surface between 1068 and 1069:
      avg_surface expression: AVG(cst_size * distance)
  - ones(cst_size_txt):
      name: The total length of cst_size_txt must be 14
      ones expression: SUM(LENGTH(cst_size_txt))
      warn: when <= 14
      fail: when > 14`,
    expect: ['pass', 'warn'],
    values: [undefined, 14],
  },
  {
    id: 'test_user_defined_metric_checks.py::test_user_defined_table_expression_metric_check_with_variables',
    area: 'variables',
    vars: { dist: 'distance' },
    checks: 'checks for customers:\n  - avg_surface between 1068 and 1069:\n      avg_surface expression: AVG(cst_size * ${dist})',
    expect: ['pass'],
  },
  {
    id: 'test_user_defined_metric_checks.py::test_user_defined_data_source_query_metric_check',
    area: 'user-defined',
    checks: `checks:\n  - avg_surface between 1068 and 1069:\n      avg_surface query: |\n        ${AVG_SURFACE}`,
    expect: ['pass'],
  },
  {
    id: 'test_user_defined_metric_checks.py::test_user_defined_data_source_query_metric_check_with_variable',
    area: 'variables',
    vars: { dist: 'distance' },
    checks:
      'checks:\n  - avg_surface between 1068 and 1069:\n      avg_surface query: |\n        SELECT AVG(cst_size * ${dist}) as avg_surface\n        FROM customers',
    expect: ['pass'],
  },
  {
    id: 'test_user_defined_metric_checks.py::test_user_defined_data_source_query_metric_check_with_variable_special_chars',
    area: 'variables',
    vars: { cst_size: '>= -5' },
    checks:
      'checks:\n  - avg_surface between 1068 and 1069:\n      avg_surface query: |\n        SELECT AVG(cst_size * distance) as avg_surface\n        FROM customers WHERE cst_size ${cst_size} OR cst_size IS NULL',
    expect: ['pass'],
  },
  {
    id: 'test_user_defined_metric_checks.py::test_user_defined_data_source_query_metric_check_with_fail_query',
    area: 'user-defined',
    checks: `checks:
  - belgium_customers = 6:
      belgium_customers query: |
        SELECT count(*) as belgium_customers
        FROM customers
        WHERE country = 'BE'
      failed rows query: |
        SELECT *
        FROM customers
        WHERE country != 'BE'`,
    expect: ['pass'],
  },
  ...(
    [
      [
        'test_failed_rows_table_expression_with_limit',
        "checks for customers:\n  - failed rows:\n      name: failed rows with limit\n      samples limit: 1\n      fail condition: cat = 'HIGH' and cst_size > 0",
        'fail',
      ],
      [
        'test_failed_rows_table_expression',
        "checks for customers:\n  - failed rows:\n      name: High customers must have cst_size less than 3\n      fail condition: cat = 'HIGH' and cst_size < .7",
        'fail',
      ],
      [
        'test_failed_rows_data_source_query_with_limit',
        'checks:\n  - failed rows:\n      name: Customers must have cst_size\n      samples limit: 1\n      fail query: |\n        SELECT *\n        FROM customers\n        WHERE cst_size > 0',
        'fail',
      ],
      [
        'test_failed_rows_data_source_query',
        'checks:\n  - failed rows:\n      name: Customers must have cst_size\n      fail query: |\n        SELECT *\n        FROM customers\n        WHERE cst_size < 0',
        'fail',
      ],
      [
        'test_failed_rows_http_samples_absent',
        'checks:\n  - failed rows:\n      name: Customers must have cst_size\n      fail query: |\n        SELECT *\n        FROM customers\n        WHERE country IS NULL',
        'pass',
      ],
      [
        'test_failed_rows_table_query',
        'checks for customers:\n  - failed rows:\n      name: Customers must have cst_size\n      fail query: |\n        SELECT *\n        FROM customers\n        WHERE cst_size < 0',
        'fail',
      ],
      [
        'test_failed_rows_table_query_with_limit',
        'checks for customers:\n  - failed rows:\n      name: Customers must have cst_size\n      samples limit: 1\n      fail query: |\n        SELECT *\n        FROM customers',
        'fail',
      ],
      [
        'test_failed_rows_query_warn_threshold',
        'checks:\n  - failed rows:\n      name: Customers must have cst_size\n      fail query: |\n        SELECT *\n        FROM customers\n        WHERE cst_size < 0\n      warn: when = 3\n      fail: when > 5',
        'warn',
      ],
      [
        'test_failed_rows_query_fail_threshold',
        'checks:\n  - failed rows:\n      name: Customers must have cst_size\n      fail query: |\n        SELECT *\n        FROM customers\n        WHERE cst_size < 0\n      warn: when = 3\n      fail: when > 2',
        'fail',
      ],
      [
        'test_failed_rows_query_fail_threshold_pass',
        'checks:\n  - failed rows:\n      name: Customers must have cst_size\n      fail query: |\n        SELECT *\n        FROM customers\n        WHERE cst_size < 0\n      fail: when > 3',
        'pass',
      ],
      [
        'test_failed_rows_query_warn_threshold_pass',
        'checks:\n  - failed rows:\n      name: Customers must have cst_size\n      fail query: |\n        SELECT *\n        FROM customers\n        WHERE cst_size < 0\n      warn: when > 3',
        'pass',
      ],
      [
        'test_failed_rows_condition_fail_threshold_pass',
        'checks for customers:\n  - failed rows:\n      name: Customers must have cst_size\n      fail condition: cst_size < 0\n      fail: when > 3',
        'pass',
      ],
      [
        'test_failed_rows_condition_warn_threshold_pass',
        'checks for customers:\n  - failed rows:\n      name: Customers must have cst_size\n      fail condition: cst_size < 0\n      warn: when > 3',
        'pass',
      ],
    ] as const
  ).map(
    ([fn, checks, outcome]): ConformanceCase => ({ id: `test_user_defined_failed_rows_checks.py::${fn}`, area: 'user-defined', checks, expect: [outcome] }),
  ),
  {
    id: 'test_user_defined_failed_rows_checks.py::test_failed_rows_table_query_with_variables',
    area: 'variables',
    vars: { size_count: '0' },
    checks:
      'checks for customers:\n  - failed rows:\n      name: Customers must have cst_size\n      fail query: |\n        SELECT *\n        FROM customers\n        WHERE cst_size < ${size_count}',
    expect: ['fail'],
  },
  {
    id: 'test_vars.py::test_vars_in_check',
    area: 'variables',
    vars: { TABLE_NAME: 'customers', NAME: 'something', COLUMN: 'country', VALUE: 'BE', IDENTITY: 'test-check' },
    checks:
      "checks for ${TABLE_NAME}:\n  - row_count > 0:\n      name: testing name ${NAME}\n      filter: ${COLUMN} = '${VALUE}'\n      identity: ${IDENTITY}",
    expect: ['pass'],
  },
];
