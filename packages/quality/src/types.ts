/**
 * The parsed form of SodaCL (v3) checks. Field names follow Soda Core's *Cfg classes so the
 * evaluator can be read side by side with soda/core/soda/sodacl/*.py.
 */
import type { Threshold } from './thresholds';

export type Outcome = 'pass' | 'warn' | 'fail' | 'error';

export interface Location {
  filePath: string;
  line: number;
  col: number;
}

/** A SQL fragment written in a checks file, with ${VAR}s turned into bound parameters. */
export interface SqlText {
  sql: string;
  params: Record<string, string>;
  /** The fragment as written (`${VAR}` unresolved): what metric identities hash, like Soda. */
  written?: string;
}

/** `valid …` / `invalid …` / `missing …` configurations (MissingAndValidCfg). */
export interface MissingAndValid {
  missingValues?: (string | number)[];
  missingFormat?: string;
  missingRegex?: string;
  validValues?: (string | number)[];
  invalidValues?: (string | number)[];
  validFormat?: string;
  invalidFormat?: string;
  validRegex?: string;
  invalidRegex?: string;
  validMin?: number;
  validMax?: number;
  validLength?: number;
  validMinLength?: number;
  validMaxLength?: number;
  /** `include null: true`: NULL counts as invalid (invalid_count) and as valid (valid_count). */
  includeNull?: boolean;
}

export interface ChangeOverTime {
  /** Compare with an aggregate of the last N stored values (min/avg/max); default: last 1, min. */
  lastMeasurements: number;
  aggregation: 'min' | 'avg' | 'max';
  percent: boolean;
}

export interface AnomalyConfig {
  /** How many previous runs form the baseline. */
  window: number;
  /** Fewer stored runs than this: the check is not evaluated. */
  minHistory: number;
}

interface CheckBase {
  /** The YAML key of the section, e.g. "checks for silver_filings". */
  header: string;
  /** The check line as written, e.g. "missing_count(doc_id) = 0". */
  line: string;
  configurations?: Record<string, unknown>;
  name?: string;
  location: Location;
  /** Dataset the check belongs to; undefined for data-source level `checks:`. */
  table?: string;
  /** Partition (named filter) from `checks for T [name]`. */
  partition?: string;
  samplesLimit?: number;
}

export interface MetricCheckCfg extends CheckBase {
  kind: 'metric';
  metric: string;
  args: (string | number)[];
  column?: string;
  filter?: SqlText;
  missingAndValid?: MissingAndValid;
  /** `<metric> expression: <aggregate SQL>` */
  expression?: SqlText;
  /** `<metric> query: <SELECT …>` */
  query?: SqlText;
  /** `failed rows query: <SELECT …>`: the rows shown as samples when the check warns or fails. */
  failedRowsQuery?: SqlText;
  fail?: Threshold;
  warn?: Threshold;
  change?: ChangeOverTime;
  anomaly?: AnomalyConfig;
}

export interface FreshnessCheckCfg extends CheckBase {
  kind: 'freshness';
  column: string;
  filter?: SqlText;
  /** Variable holding "now" (default NOW). */
  nowVariable: string;
  failMs?: number;
  warnMs?: number;
}

export interface SchemaValidations {
  requiredColumns: string[];
  forbiddenColumns: string[];
  /** `when wrong column type` / `when mismatching columns` (a null type: any type). */
  columnTypes: Record<string, string | null>;
  columnIndexes: Record<string, number>;
  /** False for `when mismatching columns`: a column not listed is a violation. */
  otherColumnsAllowed: boolean;
  /** `with optional columns` (with `when mismatching columns`): may be absent. */
  optionalColumns: string[];
  forbidAdd: boolean;
  forbidDelete: boolean;
  forbidTypeChange: boolean;
  forbidIndexChange: boolean;
}

export interface SchemaCheckCfg extends CheckBase {
  kind: 'schema';
  fail?: SchemaValidations;
  warn?: SchemaValidations;
}

export interface ReferenceCheckCfg extends CheckBase {
  kind: 'reference';
  sourceColumns: string[];
  targetTable: string;
  targetColumns: string[];
  /** `values in (…) must not exist in …`: a source row whose values DO occur in the target fails. */
  mustNotExist: boolean;
}

export interface FailedRowsCheckCfg extends CheckBase {
  kind: 'failed_rows';
  condition?: SqlText;
  query?: SqlText;
  fail?: Threshold;
  warn?: Threshold;
}

export interface RowCountComparisonCheckCfg extends CheckBase {
  kind: 'row_count_comparison';
  otherTable: string;
  otherPartition?: string;
  /** `… in <data source>`: only the scan's own data source exists here. */
  otherDataSource?: string;
}

export type CheckCfg = MetricCheckCfg | FreshnessCheckCfg | SchemaCheckCfg | ReferenceCheckCfg | FailedRowsCheckCfg | RowCountComparisonCheckCfg;

/** A problem found while reading the checks: reported as an error log (exit code 3). */
export interface ParseProblem {
  message: string;
  location?: Location;
}

export interface ParsedChecks {
  checks: CheckCfg[];
  /** `filter <table> [<name>]: where: …` */
  partitions: Record<string, Record<string, SqlText>>;
  /** `configurations for <table>: valid values for <column>: …` */
  columnConfigurations: Record<string, Record<string, MissingAndValid>>;
  problems: ParseProblem[];
  variables: Record<string, string>;
}
