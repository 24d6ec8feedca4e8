/**
 * Missing and validity conditions, built exactly as Soda Core's NumericQueryMetric does
 * (build_missing_condition / build_valid_condition / build_invalid_condition):
 *   missing  = col IS NULL OR col IN (missing values) OR matches missing regex/format
 *   invalid  = NOT missing AND (NOT (all valid conditions) OR (any invalid condition))
 *              (only the part that is configured)
 * so NULL is never invalid and missing values never count against validity — unless
 * `include null: true`, which adds ` OR col IS NULL` to the invalid and valid conditions
 * (build_include_null). Every value is a bound parameter.
 */
import { formatRegex, NUMERIC_FORMATS } from './formats';
import type { MissingAndValid } from './types';
import type { ParamBag } from './sql';

const KEYS: Record<string, keyof MissingAndValid> = {
  'missing values': 'missingValues',
  'missing format': 'missingFormat',
  'missing regex': 'missingRegex',
  'valid values': 'validValues',
  'invalid values': 'invalidValues',
  'valid format': 'validFormat',
  'invalid format': 'invalidFormat',
  'valid regex': 'validRegex',
  'invalid regex': 'invalidRegex',
  'valid min': 'validMin',
  'valid max': 'validMax',
  'valid length': 'validLength',
  'valid min length': 'validMinLength',
  'valid max length': 'validMaxLength',
  'include null': 'includeNull',
};

export const isMissingAndValidKey = (key: string): boolean => key in KEYS;

export function parseMissingAndValid(key: string, value: unknown, into: MissingAndValid): void {
  const field = KEYS[key];
  if (!field) throw new Error(`unknown configuration "${key}"`);
  if (field === 'missingValues' || field === 'validValues' || field === 'invalidValues') {
    const list = value as unknown[];
    if (!Array.isArray(list) || !(list.every((v) => typeof v === 'string') || list.every((v) => typeof v === 'number'))) {
      throw new Error(`only strings or only numbers allowed in ${key}: ${JSON.stringify(value)}`);
    }
    into[field] = list as string[] | number[];
  } else if (field === 'validLength' || field === 'validMinLength' || field === 'validMaxLength') {
    if (!Number.isInteger(value)) throw new Error(`${key} must be an integer, but was ${JSON.stringify(value)}`);
    into[field] = value as number;
  } else if (field === 'includeNull') {
    if (typeof value !== 'boolean') throw new Error(`include null must be a boolean, but was ${JSON.stringify(value)}`);
    into.includeNull = value;
  } else if (field === 'validMin' || field === 'validMax') {
    const n = Number(value);
    if (value === null || value === '' || Number.isNaN(n)) throw new Error(`${key} must be a number, but was ${JSON.stringify(value)}`);
    into[field] = n;
  } else {
    if (typeof value !== 'string') throw new Error(`${key} must be a string`);
    if (field.endsWith('Format')) formatRegex(value); // unknown format names fail at parse time
    into[field] = value;
  }
}

/**
 * Column configurations (`configurations for T`) fill in what the check itself does not set;
 * `missing values` and `valid values` of both apply (MissingAndValidCfg.merge extends the lists).
 */
export function mergeMissingAndValid(check?: MissingAndValid, column?: MissingAndValid): MissingAndValid | undefined {
  if (!check && !column) return undefined;
  const merged: MissingAndValid = { ...(column ?? {}), ...(check ?? {}) };
  for (const key of ['missingValues', 'validValues'] as const) {
    const both = [...(check?.[key] ?? []), ...(column?.[key] ?? [])];
    if (both.length) merged[key] = both as string[] | number[];
  }
  return merged;
}

const text = (col: string) => `CAST(${col} AS VARCHAR)`;

/**
 * Soda's cast_text_to_number: keep digits, `-`, `.` and `,`; `,` becomes `.`; then DECIMAL
 * (DuckDB's `decimal`, i.e. DECIMAL(18,3), as soda-duckdb's SQL_TYPE_FOR_CREATE_TABLE_MAP).
 * TRY_CAST: a value that does not fit is NULL instead of failing the whole statement.
 */
export function textToNumber(col: string): string {
  return `TRY_CAST(NULLIF(regexp_replace(regexp_replace(${text(col)}, '[^-0-9.,]', '', 'g'), ',', '.', 'g'), '') AS DECIMAL(18,3))`;
}

export const isNumericFormat = (mv: MissingAndValid | undefined): boolean => !!mv?.validFormat && NUMERIC_FORMATS.has(mv.validFormat);

const includeNull = (col: string, mv: MissingAndValid) => (mv.includeNull ? ` OR ${col} IS NULL` : '');

export function missingCondition(col: string, mv: MissingAndValid | undefined, p: ParamBag): string {
  const clauses = [`${col} IS NULL`];
  if (mv?.missingValues?.length) clauses.push(`${col} IN (${mv.missingValues.map((v) => p.add(v)).join(', ')})`);
  if (mv?.missingFormat) clauses.push(`regexp_matches(${text(col)}, ${p.add(formatRegex(mv.missingFormat))})`);
  if (mv?.missingRegex) clauses.push(`regexp_matches(${text(col)}, ${p.add(mv.missingRegex)})`);
  return clauses.join(' OR ');
}

export function validCondition(col: string, mv: MissingAndValid | undefined, p: ParamBag): string | undefined {
  if (!mv) return undefined;
  const clauses: string[] = [];
  const numeric = isNumericFormat(mv) ? textToNumber(col) : col;
  if (mv.validValues?.length) clauses.push(`${col} IN (${mv.validValues.map((v) => p.add(v)).join(', ')})`);
  if (mv.validFormat) clauses.push(`regexp_matches(${text(col)}, ${p.add(formatRegex(mv.validFormat))})`);
  if (mv.validRegex !== undefined) clauses.push(`regexp_matches(${text(col)}, ${p.add(mv.validRegex)})`);
  if (mv.validLength !== undefined) clauses.push(`length(${text(col)}) = ${p.add(mv.validLength)}`);
  if (mv.validMinLength !== undefined) clauses.push(`length(${text(col)}) >= ${p.add(mv.validMinLength)}`);
  if (mv.validMaxLength !== undefined) clauses.push(`length(${text(col)}) <= ${p.add(mv.validMaxLength)}`);
  if (mv.validMin !== undefined) clauses.push(`${numeric} >= ${p.add(mv.validMin)}`);
  if (mv.validMax !== undefined) clauses.push(`${numeric} <= ${p.add(mv.validMax)}`);
  return clauses.length ? clauses.join(' AND ') : undefined;
}

export function invalidCondition(col: string, mv: MissingAndValid | undefined, p: ParamBag): string | undefined {
  if (!mv) return undefined;
  const clauses: string[] = [];
  if (mv.invalidFormat) clauses.push(`regexp_matches(${text(col)}, ${p.add(formatRegex(mv.invalidFormat))})`);
  if (mv.invalidValues?.length) clauses.push(`${col} IN (${mv.invalidValues.map((v) => p.add(v)).join(', ')})`);
  if (mv.invalidRegex !== undefined) clauses.push(`regexp_matches(${text(col)}, ${p.add(mv.invalidRegex)})`);
  return clauses.length ? clauses.join(' OR ') : undefined;
}

/** Rows counted by invalid_count; undefined when nothing defines validity (Soda counts 0 then). */
export function invalidRowsCondition(col: string, mv: MissingAndValid | undefined, p: ParamBag): string | undefined {
  if (!mv) return undefined;
  const missing = missingCondition(col, mv, p);
  const valid = validCondition(col, mv, p);
  const invalid = invalidCondition(col, mv, p);
  if (valid && invalid) return `NOT (${missing}) AND (NOT (${valid}) OR (${invalid}))${includeNull(col, mv)}`;
  if (valid) return `NOT (${missing}) AND NOT (${valid})${includeNull(col, mv)}`;
  if (invalid) return `NOT (${missing}) AND (${invalid})${includeNull(col, mv)}`;
  return undefined;
}

/**
 * Rows counted by valid_count and values that take part in min/max/avg/… when missing/validity
 * is configured (build_non_missing_and_valid_condition: with valid … configured, invalid … is
 * not consulted — as in Soda).
 */
export function validValuesCondition(col: string, mv: MissingAndValid | undefined, p: ParamBag): string | undefined {
  if (!mv) return undefined;
  const missing = missingCondition(col, mv, p);
  const valid = validCondition(col, mv, p);
  if (valid) return `NOT (${missing}) AND (${valid})${includeNull(col, mv)}`;
  const invalid = invalidCondition(col, mv, p);
  if (invalid) return `NOT (${missing}) AND NOT (${invalid})${includeNull(col, mv)}`;
  return `NOT (${missing})`;
}
