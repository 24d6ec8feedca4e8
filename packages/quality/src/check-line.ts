/**
 * The one-line check grammar of SodaCL v3 (soda/sodacl/antlr/SodaCLAntlr.g4), hand-written:
 *   metric_check    : (change_over_time | anomaly_score)? metric (S threshold | S '< default')?
 *   reference_check : 'values in' (cols) 'must' ('not')? 'exist in' table (cols)
 *   row_count same as <table> [partition] [in <data source>]
 *   freshness using <column> [with <VAR>] [< 1d]      (deprecated form, still accepted)
 */
import { ThresholdSyntaxError } from './thresholds';

export type LinePrefix = { type: 'change'; lastMeasurements: number; aggregation: 'min' | 'avg' | 'max'; percent: boolean } | { type: 'anomaly' };

export interface MetricLine {
  type: 'metric';
  prefix?: LinePrefix;
  metric: string;
  args: (string | number)[];
  /** Threshold text after the metric (`> 0`, `between 1 and 5`, `< 1d`), or 'default'. */
  threshold?: string;
}

export interface ReferenceLine {
  type: 'reference';
  sourceColumns: string[];
  targetTable: string;
  targetColumns: string[];
  mustNotExist: boolean;
}

export interface RowCountComparisonLine {
  type: 'row_count_comparison';
  otherTable: string;
  otherPartition?: string;
  otherDataSource?: string;
}

export interface FreshnessUsingLine {
  type: 'freshness_using';
  column: string;
  variable?: string;
  threshold?: string;
}

export type CheckLine = MetricLine | ReferenceLine | RowCountComparisonLine | FreshnessUsingLine;

const IDENT = String.raw`(?:"[^"]+"|\x60[^\x60]+\x60|[A-Za-z_][A-Za-z0-9_]*)`;
const COLS = String.raw`(?:\(\s*${IDENT}(?:\s*,\s*${IDENT})*\s*\)|${IDENT})`;
const REFERENCE = new RegExp(String.raw`^values in\s+(${COLS})\s+must (not )?exist in\s+(${IDENT})\s+(${COLS})$`);
const PARTITION = String.raw`[A-Za-z0-9_][A-Za-z0-9_-]*`;
const ROW_COUNT_SAME = new RegExp(String.raw`^row_count same as\s+(${IDENT})(?:\s+\[(${PARTITION})\]|\s+(?!in\s)(${PARTITION}))?(?:\s+in\s+(${IDENT}))?$`);
const FRESHNESS_USING = new RegExp(String.raw`^freshness using\s+(${IDENT})(?:\s+with\s+(${IDENT}))?(?:\s+<\s+(\S+))?$`);
const CHANGE = /^change(?:\s+(avg|min|max)\s+last\s+(\d+)|\s+(same day last week|same day last month))?(\s+percent)?\s+for\s+/;
const ANOMALY = /^anomaly (?:score|detection) for\s+/;
const METRIC = /^([A-Za-z_][A-Za-z0-9_]*)(?:\(([^)]*)\))?(?:\s+(.+))?$/;

/** Strip SodaCL identifier quoting: "col" and `col` mean col. */
export function unquoteIdentifier(text: string): string {
  const t = text.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith('`') && t.endsWith('`'))) return t.slice(1, -1);
  return t;
}

function columnList(text: string): string[] {
  const t = text.trim();
  const inner = t.startsWith('(') ? t.slice(1, -1) : t;
  return inner.split(',').map(unquoteIdentifier);
}

function metricArg(text: string): string | number {
  const t = text.trim();
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return Number(t);
  return unquoteIdentifier(t);
}

export function parseCheckLine(line: string): CheckLine {
  const text = line.trim().replace(/\s+/g, ' ');

  const ref = REFERENCE.exec(text);
  if (ref)
    return {
      type: 'reference',
      sourceColumns: columnList(ref[1]),
      targetTable: unquoteIdentifier(ref[3]),
      targetColumns: columnList(ref[4]),
      mustNotExist: Boolean(ref[2]),
    };
  if (text.startsWith('values in'))
    throw new ThresholdSyntaxError(`invalid reference check "${text}" (use: values in (a, b) must [not] exist in other_table (x, y))`);

  const same = ROW_COUNT_SAME.exec(text);
  if (same) {
    const partition = same[2] ?? same[3];
    return {
      type: 'row_count_comparison',
      otherTable: unquoteIdentifier(same[1]),
      otherPartition: partition,
      otherDataSource: same[4] ? unquoteIdentifier(same[4]) : undefined,
    };
  }

  const fresh = FRESHNESS_USING.exec(text);
  if (fresh)
    return { type: 'freshness_using', column: unquoteIdentifier(fresh[1]), variable: fresh[2] ? unquoteIdentifier(fresh[2]) : undefined, threshold: fresh[3] };

  let rest = text;
  let prefix: LinePrefix | undefined;
  const change = CHANGE.exec(rest);
  if (change) {
    if (change[3]) throw new ThresholdSyntaxError(`"change ${change[3]} for" needs a calendar-aware metric store; use "change avg last N for"`);
    prefix = {
      type: 'change',
      lastMeasurements: change[2] ? Number(change[2]) : 1,
      aggregation: (change[1] as 'avg' | 'min' | 'max' | undefined) ?? 'min',
      percent: Boolean(change[4]),
    };
    rest = rest.slice(change[0].length);
  } else {
    const anomaly = ANOMALY.exec(rest);
    if (anomaly) {
      prefix = { type: 'anomaly' };
      rest = rest.slice(anomaly[0].length);
    }
  }

  const m = METRIC.exec(rest);
  if (!m) throw new ThresholdSyntaxError(`cannot parse check "${text}"`);
  const args = m[2] !== undefined && m[2].trim() !== '' ? m[2].split(',').map(metricArg) : [];
  let threshold = m[3]?.trim();
  if (threshold === '< default') threshold = 'default';
  return { type: 'metric', prefix, metric: m[1], args, threshold };
}
