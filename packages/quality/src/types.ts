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
  fail?: Threshold;
  warn?: Threshold;
  change?: ChangeOverTime;
  anomaly?: AnomalyConfig;
}

export interface FreshnessCheckCfg extends CheckBase {
  kind: 'freshness';
  column: string;
  /** Variable holding "now" (default NOW). */
  nowVariable: string;
  failMs?: number;
  warnMs?: number;
}

export interface SchemaValidations {
  requiredColumns: string[];
  forbiddenColumns: string[];
  columnTypes: Record<string, string>;
  columnIndexes: Record<string, number>;
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
