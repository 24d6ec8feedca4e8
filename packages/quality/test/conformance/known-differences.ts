/**
 * Transcribed soda-core v3 cases on which the engine deliberately gives another verdict, with
 * the reason; docs/QUALITY.md ("Conformance with Soda Core") lists the same. The conformance test
 * fails when a difference appears that is not here, or one listed here disappears.
 */
import type { ConformanceCase } from './types';

export interface KnownDifference {
  /** `ConformanceCase.id` and the check's index in it. */
  id: string;
  check: number;
  why: string;
}

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    id: 'test_invalid.py::test_non_existing_format',
    check: 0,
    why: 'an unknown format name is a syntax error of the check (not evaluated, exit 3); Soda logs the error, drops the format and counts 0 invalid rows, so "= 2" fails (also exit 3)',
  },
  {
    id: 'test_user_defined_metric_checks.py::test_user_defined_data_source_query_metric_with_sql_file',
    check: 0,
    why: '"<metric> sql_file:" is not supported: checks files may not make the scan read other files (write the SQL in "<metric> query:")',
  },
  {
    id: 'test_user_defined_metric_checks.py::test_user_defined_data_source_query_metric_check_with_fail_query_file',
    check: 0,
    why: '"failed rows sql_file:" is not supported, as above (use "failed rows query:")',
  },
];

/** The cases behind the known differences (Soda's verdicts), transcribed like the others. */
export const DIFFERENCE_CASES: ConformanceCase[] = [
  {
    id: 'test_invalid.py::test_non_existing_format',
    area: 'formats',
    checks: 'checks for customers:\n  - invalid_count(email) = 2:\n      valid format: non-existing',
    // numeric_query_metric.py: no valid/invalid condition left → expr_false_condition → 0 ≠ 2
    expect: ['fail'],
  },
  {
    id: 'test_user_defined_metric_checks.py::test_user_defined_data_source_query_metric_with_sql_file',
    area: 'user-defined',
    checks: 'checks:\n  - avg_surface between 1068 and 1069:\n      avg_surface sql_file: "avg_surface.sql"',
    expect: ['pass'],
  },
  {
    id: 'test_user_defined_metric_checks.py::test_user_defined_data_source_query_metric_check_with_fail_query_file',
    area: 'user-defined',
    checks: `checks:
  - belgium_customers = 6:
      belgium_customers query: |
        SELECT count(*) as belgium_customers
        FROM customers
        WHERE country = 'BE'
      failed rows sql_file: "failed_rows.sql"`,
    expect: ['pass'],
  },
];
