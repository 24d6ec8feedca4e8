/**
 * The test tables of soda-core v3, transcribed from soda/core/tests/helpers/common_test_tables.py
 * (branch v3) with the column types of soda/duckdb's SQL_TYPE_FOR_CREATE_TABLE_MAP
 * (TEXT varchar, INTEGER integer, DECIMAL decimal = DECIMAL(18,3), DATE date,
 * TIMESTAMP timestamp, TIMESTAMP_TZ timestamp with time zone).
 * Soda names them SODATEST_<Name>_<hash>; here they are the lower-case names.
 */
type Cell = string | number | null;

export interface SodaTestTable {
  name: string;
  columns: [string, string][];
  rows: Cell[][];
}

const CUSTOMER_COLUMNS: [string, string][] = [
  ['id', 'VARCHAR'],
  ['cst_size', 'DECIMAL(18,3)'],
  ['cst_size_txt', 'VARCHAR'],
  ['distance', 'INTEGER'],
  ['pct', 'VARCHAR'],
  ['cat', 'VARCHAR'],
  ['country', 'VARCHAR'],
  ['zip', 'VARCHAR'],
  ['email', 'VARCHAR'],
  ['date_updated', 'DATE'],
  ['ts', 'TIMESTAMP'],
  ['ts_with_tz', 'TIMESTAMPTZ'],
];

// prettier-ignore
const CUSTOMER_ROWS: Cell[][] = [
  ['ID1', 1, '1', 0, '- 28,42 %', 'HIGH', 'BE', '2360', 'john.doe@example.com', '2020-06-23', '2020-06-23 00:00:10', '2020-06-23 00:00:10+00'],
  ['ID2', 0.5, '.5', -999, '+22,75 %', 'HIGH', 'BE', '2361', 'JOE.SMOE@EXAMPLE.COM', '2020-06-23', '2020-06-23 00:01:10', '2020-06-23 00:01:10+00'],
  ['ID3', -1.2, '-1.2', 5, '.92 %', 'MEDIUM', 'BE', '2362', 'milan.lukáč@example.com', '2020-06-23', '2020-06-23 00:02:10', '2020-06-23 00:02:10+00'],
  ['ID4', -0.4, '-.4', 10, '0.26 %', 'LOW', 'BE', '2363', 'john.doe+1@ĚxamplÉ.com', '2020-06-23', '2020-06-23 00:03:10', '2020-06-23 00:03:10+00'],
  ['ID5', -3, '-3', 999, '18,32%', null, 'BE', '2364', 'invalid@email', '2020-06-23', '2020-06-23 00:04:10', '2020-06-23 00:04:10+00'],
  ['ID6', 5, '5', 999, '18,32%', null, 'BE', '2365', ' ', '2020-06-23', '2020-06-23 00:05:10', '2020-06-23 00:05:10+00'],
  ['ID7', 6, '6', 999, 'error', null, 'NL', '2360', null, '2020-06-24', '2020-06-24 00:01:10', '2020-06-24 00:01:10+00'],
  ['ID8', null, null, 999, 'No value', null, 'NL', '2361', null, '2020-06-24', '2020-06-24 00:02:10', '2020-06-24 00:02:10+00'],
  ['ID9', null, null, 999, 'N/A', null, 'NL', '2362', null, '2020-06-24', '2020-06-24 00:03:10', '2020-06-24 00:03:10+00'],
  [null, null, null, null, null, 'HIGH', 'NL', '2363', null, '2020-06-24', '2020-06-24 00:04:10', '2020-06-24 00:04:10+00'],
];

export const customers: SodaTestTable = { name: 'customers', columns: CUSTOMER_COLUMNS, rows: CUSTOMER_ROWS };

/** raw_customers_test_table: the same columns and values under another name. */
export const rawcustomers: SodaTestTable = { name: 'rawcustomers', columns: CUSTOMER_COLUMNS, rows: CUSTOMER_ROWS };

export const orders: SodaTestTable = {
  name: 'orders',
  columns: [
    ['id', 'VARCHAR'],
    ['customer_id_nok', 'VARCHAR'],
    ['customer_id_ok', 'VARCHAR'],
    ['customer_country', 'VARCHAR'],
    ['customer_zip', 'VARCHAR'],
    ['text', 'VARCHAR'],
  ],
  rows: [
    ['O1', 'ID1', 'ID1', 'BE', '2360', 'one'],
    ['O2', 'ID99', 'ID1', 'BE', '2360', 'two'],
    ['O3', 'ID1', 'ID2', 'BE', '2000', 'three'],
    ['O4', null, 'ID1', 'BE', null, 'four'],
    ['O5', 'ID98', 'ID4', null, '2360', 'five'],
    ['O6', 'ID99', 'ID1', 'UK', '2360', 'six'],
    [null, null, 'ID3', null, null, 'seven'],
  ],
};

/** customers_dist_check_test_table: ids ID1..ID9 and NULL, three times. */
const DIST_BLOCK: Cell[][] = [
  ['ID1', 1, null],
  ['ID2', 1, null],
  ['ID3', 2, null],
  ['ID4', 2, null],
  ['ID5', 3, null],
  ['ID6', 1, null],
  ['ID7', 2, null],
  ['ID8', 2, null],
  ['ID9', 3, null],
  [null, 1, null],
];
export const customersdist: SodaTestTable = {
  name: 'customersdist',
  columns: [
    ['id', 'VARCHAR'],
    ['cst_size', 'DECIMAL(18,3)'],
    ['full_null', 'VARCHAR'],
  ],
  rows: [...DIST_BLOCK, ...DIST_BLOCK, ...DIST_BLOCK],
};

export const SODA_TEST_TABLES = [customers, rawcustomers, orders, customersdist];

const literal = (v: Cell, type: string): string =>
  v === null ? `CAST(NULL AS ${type})` : typeof v === 'number' ? `CAST(${v} AS ${type})` : `CAST('${v.replace(/'/g, "''")}' AS ${type})`;

/** `SELECT … FROM (VALUES …)` with every column cast to its Soda test type. */
export function tableSelect(table: SodaTestTable): string {
  const rows = table.rows.map((r) => `(${r.map((v, i) => literal(v, table.columns[i]?.[1] ?? 'VARCHAR')).join(', ')})`);
  return `SELECT * FROM (VALUES ${rows.join(',\n ')}) AS t(${table.columns.map(([c]) => c).join(', ')})`;
}
