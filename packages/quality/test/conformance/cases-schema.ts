/**
 * Cases from soda-core v3 tests/data_source/test_schema_*.py; column types are soda-duckdb's
 * SQL_TYPE_FOR_SCHEMA_CHECK_MAP. See cases.ts for the rules of transcription.
 */
import type { ConformanceCase, SodaOutcome } from './types';

const CUSTOMER_TYPES = [
  'id: varchar',
  'cst_size: decimal(18,3)',
  'cst_size_txt: varchar',
  'distance: integer',
  'pct: varchar',
  'cat: varchar',
  'country: varchar',
  'zip: varchar',
  'email: varchar',
  'date_updated: date',
  'ts: timestamp',
  'ts_with_tz: timestamp with time zone',
];
const indent = (xs: string[], n: number) => xs.map((x) => `${' '.repeat(n)}${x}`).join('\n');

export const SCHEMA_CASES: ConformanceCase[] = [
  ['test_schema_required_columns.py::test_required_columns_pass', 'fail', 'when required column missing: [id, cst_size_txt, distance]', 'pass'],
  [
    'test_schema_required_columns.py::test_required_columns_fail',
    'fail',
    'when required column missing:\n          - id\n          - cst_size_txt\n          - non_existing_column\n          - name',
    'fail',
  ],
  [
    'test_schema_required_columns.py::test_required_columns_warn',
    'warn',
    'when required column missing:\n          - id\n          - cst_size_txt\n          - non_existing_column\n          - name',
    'warn',
  ],
  [
    'test_schema_forbidden_columns.py::test_forbidden_columns_pass',
    'fail',
    'when forbidden column present: [non_existing_column_one, "%non_existing%"]',
    'pass',
  ],
  [
    'test_schema_forbidden_columns.py::test_forbidden_columns_fail',
    'fail',
    'when forbidden column present: [id, non_existing_column_one, "%non_existing%"]',
    'fail',
  ],
  [
    'test_schema_forbidden_columns.py::test_forbidden_columns_fail_matching_wildcard',
    'fail',
    'when forbidden column present:\n          - cst_size*\n          - non_existing_column_two',
    'fail',
  ],
  [
    'test_schema_forbidden_columns.py::test_forbidden_columns_warn',
    'warn',
    'when forbidden column present: [id, non_existing_column_one, "%non_existing%"]',
    'warn',
  ],
  [
    'test_schema_column_types.py::test_columns_types_pass',
    'fail',
    `when wrong column type:\n${indent(
      CUSTOMER_TYPES.filter((t) => !/^(pct|cat|country|zip|email):/.test(t)),
      10,
    )}`,
    'pass',
  ],
  [
    'test_schema_column_types.py::test_columns_types_fail',
    'fail',
    'when wrong column type:\n          id: integer\n          does_not_exist: integer\n          pct: varchar',
    'fail',
  ],
  [
    'test_schema_column_types.py::test_columns_types_warn',
    'warn',
    'when wrong column type:\n          id: integer\n          does_not_exist: integer\n          pct: varchar',
    'warn',
  ],
  [
    'test_schema_index.py::test_required_columns_indexes_pass',
    'fail',
    'when wrong column index:\n          id: 0\n          cst_size_txt: 2\n          distance: 3',
    'pass',
  ],
  [
    'test_schema_index.py::test_required_columns_indexes_fail',
    'fail',
    'when wrong column index:\n          id: 6\n          cst_size_txt: 3\n          distance: 4',
    'fail',
  ],
  [
    'test_schema_index.py::test_required_columns_indexes_warn',
    'warn',
    'when wrong column index:\n          id: 6\n          cst_size_txt: 3\n          distance: 4',
    'warn',
  ],
  ['test_schema_mismatching_columns.py::test_mismatching_columns_pass', 'fail', `when mismatching columns:\n${indent(CUSTOMER_TYPES, 10)}`, 'pass'],
  [
    'test_schema_mismatching_columns.py::test_mismatching_columns_with_optional_columns_pass',
    'fail',
    `when mismatching columns:\n${indent([...CUSTOMER_TYPES, 'optcol1: text', 'optcol2:'], 10)}\n        with optional columns:\n          - optcol1\n          - optcol2`,
    'pass',
  ],
].map(([id, zone, validation, outcome]) => ({
  id: id as string,
  area: 'schema',
  checks: `checks for customers:\n  - schema:\n      ${zone}:\n        ${validation}`,
  expect: [outcome as SodaOutcome],
}));
