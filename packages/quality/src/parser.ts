/**
 * SodaCL YAML → CheckCfg list. Mirrors soda/sodacl/sodacl_parser.py: sections are parsed by
 * header, unknown keys and bad syntax become ParseProblems (Soda logs them as errors and the
 * scan exits 3) rather than exceptions, so one typo does not hide the other checks.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseCheckLine, unquoteIdentifier, type FreshnessUsingLine, type MetricLine } from './check-line';
import { parseMissingAndValid, isMissingAndValidKey } from './missing-valid';
import { inverse, parseDurationMs, parseThreshold, parseWhenThreshold } from './thresholds';
import { resolveText, toSqlText } from './variables';
import type { CheckCfg, FreshnessCheckCfg, Location, MetricCheckCfg, ParsedChecks, SchemaValidations } from './types';

export interface ParseOptions {
  filePath: string;
  variables: Record<string, string>;
  /** Dataset names `for each dataset` expands over. */
  datasets: string[];
}

const ROW_METRICS = new Set(['row_count']);
export const COLUMN_METRICS = new Set([
  'missing_count',
  'missing_percent',
  'invalid_count',
  'invalid_percent',
  'valid_count',
  'duplicate_count',
  'duplicate_percent',
  'min',
  'max',
  'avg',
  'sum',
  'min_length',
  'max_length',
  'avg_length',
  'percentile',
  'percentile_disc',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
]);
const METRIC_KEYS = new Set(['name', 'identity', 'attributes', 'warn', 'fail', 'filter', 'samples limit', 'history window', 'min history']);
const SCHEMA_VALIDATION_KEYS = new Set([
  'when required column missing',
  'when forbidden column present',
  'when wrong column type',
  'when wrong column index',
  'when schema changes',
  'when mismatching columns',
  'with optional columns',
]);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function emptyParsedChecks(variables: Record<string, string> = {}): ParsedChecks {
  return { checks: [], partitions: {}, columnConfigurations: {}, problems: [], variables: { ...variables } };
}

export function parseChecksYaml(text: string, options: ParseOptions, into: ParsedChecks = emptyParsedChecks(options.variables)): ParsedChecks {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const locate = (node: Node | null | undefined): Location => {
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : { line: 0, col: 0 };
    return { filePath: options.filePath, line: pos.line, col: pos.col };
  };
  const problem = (message: string, node?: Node | null) => into.problems.push({ message, location: locate(node) });

  // The yaml library knows where a syntax error is (linePos): report that line, not the document's.
  for (const e of doc.errors) {
    const at = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    into.problems.push({
      message: `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      location: { filePath: options.filePath, line: at.line, col: at.col },
    });
  }
  if (doc.errors.length || doc.contents === null) return into;
  if (!isMap(doc.contents)) {
    problem('a checks file must be a YAML mapping of section headers', doc.contents);
    return into;
  }
  const vars = into.variables;

  for (const pair of doc.contents.items) {
    const keyNode = pair.key as Node;
    const rawHeader = String(isScalar(keyNode) ? keyNode.value : keyNode);
    const valueNode = pair.value as Node | null;
    try {
      const header = resolveText(rawHeader, vars).trim().replace(/\s+/g, ' ');
      let m: RegExpExecArray | null;
      if (header === 'variables') {
        for (const [k, v] of Object.entries((valueNode?.toJSON() ?? {}) as Record<string, unknown>)) vars[k] = resolveText(String(v), vars);
      } else if ((m = /^checks for (.+?)(?: \[(\S+)\])?$/.exec(header))) {
        const table = dataset(m[1]);
        const partition = m[2] ? unquoteIdentifier(m[2]) : undefined;
        parseCheckList(`checks for ${table}${partition ? ` [${partition}]` : ''}`, valueNode, table, partition);
      } else if ((m = /^filter (.+?) \[(\S+)\]$/.exec(header))) {
        const table = dataset(m[1]);
        const where = (valueNode?.toJSON() as Record<string, unknown> | null)?.where;
        if (typeof where !== 'string') problem(`"${header}" needs "where: <SQL condition>"`, keyNode);
        else (into.partitions[table] ??= {})[unquoteIdentifier(m[2])] = toSqlText(where, vars);
      } else if ((m = /^configurations for (.+)$/.exec(header))) {
        const table = dataset(m[1]);
        for (const [key, value] of Object.entries((valueNode?.toJSON() ?? {}) as Record<string, unknown>)) {
          const [type, column] = key.split(' for ').map((x) => x.trim());
          if (!column || !isMissingAndValidKey(type)) problem(`invalid column configuration "${key}"`, keyNode);
          else parseMissingAndValid(type, value, ((into.columnConfigurations[table] ??= {})[unquoteIdentifier(column)] ??= {}));
        }
      } else if ((m = /^for each (?:dataset|table) (\S+)$/.exec(header))) {
        parseForEachDataset(m[1], valueNode);
      } else if (header === 'checks') {
        parseCheckList('checks', valueNode, undefined, undefined);
      } else {
        problem(`unsupported section "${rawHeader}" (see docs/QUALITY.md for the supported SodaCL)`, keyNode);
      }
    } catch (e) {
      problem((e as Error).message, keyNode);
    }
  }
  return into;

  function dataset(text: string): string {
    const name = unquoteIdentifier(text);
    if (!IDENT.test(name)) throw new Error(`invalid dataset name "${name}"`);
    return name;
  }

  function parseForEachDataset(alias: string, node: Node | null) {
    const content = (node?.toJSON() ?? {}) as Record<string, unknown>;
    const patterns = (content.datasets ?? content.tables) as unknown;
    if (!Array.isArray(patterns) || !isMap(node)) return problem(`"for each dataset ${alias}" needs "datasets:" and "checks:"`, node);
    const toRegex = (p: string) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/[%*]/g, '.*')}$`);
    const includes = patterns.filter((p) => !String(p).startsWith('exclude ')).map((p) => toRegex(String(p).replace(/^include /, '')));
    const excludes = patterns.filter((p) => String(p).startsWith('exclude ')).map((p) => toRegex(String(p).slice('exclude '.length)));
    const checksNode = node.get('checks', true) as Node | undefined;
    for (const table of options.datasets) {
      if (!includes.some((r) => r.test(table)) || excludes.some((r) => r.test(table))) continue;
      const before = into.variables[alias];
      into.variables[alias] = table;
      parseCheckList(`checks for ${table}`, checksNode ?? null, table, undefined);
      if (before === undefined) delete into.variables[alias];
      else into.variables[alias] = before;
    }
  }

  function parseCheckList(header: string, node: Node | null, table: string | undefined, partition: string | undefined) {
    if (!isSeq(node)) return problem(`section "${header}" must be a list of checks`, node);
    for (const item of node.items as Node[]) {
      const location = locate(item);
      let line: string;
      let configurations: Record<string, unknown> | undefined;
      if (isScalar(item)) line = String(item.value);
      else if (isMap(item) && item.items.length === 1) {
        const json = item.toJSON() as Record<string, unknown>;
        line = Object.keys(json)[0];
        const cfg = json[line];
        if (cfg !== null && (typeof cfg !== 'object' || Array.isArray(cfg))) {
          problem(`configuration of "${line}" must be a mapping`, item);
          continue;
        }
        configurations = (cfg ?? undefined) as Record<string, unknown> | undefined;
      } else {
        problem('unsupported check definition (expected a string or a single-key mapping)', item);
        continue;
      }
      try {
        const check = parseCheck(header, resolveText(line, vars), configurations, location, table, partition);
        if (table === undefined && (check.kind === 'schema' || check.kind === 'reference' || check.kind === 'freshness')) {
          throw new Error(`check "${line}" must be in a "checks for <dataset>" section`);
        }
        into.checks.push(check);
      } catch (e) {
        into.problems.push({ message: `${(e as Error).message} [${line}]`, location });
      }
    }
  }

  function parseCheck(
    header: string,
    line: string,
    cfg: Record<string, unknown> | undefined,
    location: Location,
    table: string | undefined,
    partition: string | undefined,
  ): CheckCfg {
    const base = {
      header,
      line,
      configurations: cfg,
      location,
      table,
      partition,
      name: typeof cfg?.name === 'string' ? resolveText(cfg.name, vars) : undefined,
      samplesLimit: typeof cfg?.['samples limit'] === 'number' ? (cfg['samples limit'] as number) : undefined,
    };
    if (line === 'schema') {
      if (!cfg || (cfg.fail === undefined && cfg.warn === undefined)) throw new Error('"schema" needs a mapping with "fail:" and/or "warn:" validations');
      for (const key of Object.keys(cfg))
        if (!['name', 'warn', 'fail', 'attributes'].includes(key)) throw new Error(`invalid schema check configuration key "${key}"`);
      return { ...base, kind: 'schema', fail: schemaValidations(cfg.fail), warn: schemaValidations(cfg.warn) };
    }
    if (line === 'failed rows') {
      if (!cfg) throw new Error('"failed rows" needs "fail condition:" or "fail query:"');
      for (const key of Object.keys(cfg)) {
        if (!['name', 'warn', 'fail', 'fail condition', 'fail query', 'samples limit', 'attributes'].includes(key))
          throw new Error(`invalid failed rows configuration key "${key}"`);
      }
      const condition = typeof cfg['fail condition'] === 'string' ? toSqlText(cfg['fail condition'], vars) : undefined;
      const query = typeof cfg['fail query'] === 'string' ? toSqlText(cfg['fail query'], vars) : undefined;
      if (!condition && !query) throw new Error('"failed rows" needs "fail condition:" or "fail query:"');
      const fail = cfg.fail !== undefined ? parseWhenThreshold(cfg.fail) : undefined;
      const warn = cfg.warn !== undefined ? parseWhenThreshold(cfg.warn) : undefined;
      return { ...base, kind: 'failed_rows', condition, query, fail: fail ?? (warn ? undefined : { gt: 0, splitZone: false }), warn };
    }
    const parsed = parseCheckLine(line);
    const allowOnly = (keys: string[]) => {
      for (const key of Object.keys(cfg ?? {})) if (!keys.includes(key)) throw new Error(`invalid configuration key "${key}" for this check`);
    };
    if (parsed.type === 'reference' || parsed.type === 'row_count_comparison') allowOnly(['name', 'samples limit', 'attributes', 'identity']);
    if (parsed.type === 'freshness_using') allowOnly(['name', 'warn', 'fail', 'attributes', 'identity']);
    if (parsed.type === 'metric' && parsed.metric === 'freshness') allowOnly(['name', 'warn', 'fail', 'filter', 'attributes', 'identity']);
    if (parsed.type === 'reference') {
      if (parsed.sourceColumns.length !== parsed.targetColumns.length) throw new Error('number of source and target columns must be equal');
      const { sourceColumns, targetTable, targetColumns, mustNotExist } = parsed;
      return { ...base, kind: 'reference', sourceColumns, targetTable, targetColumns, mustNotExist };
    }
    if (parsed.type === 'row_count_comparison') {
      const { otherTable, otherPartition, otherDataSource } = parsed;
      return { ...base, kind: 'row_count_comparison', otherTable, otherPartition, ...(otherDataSource ? { otherDataSource } : {}) };
    }
    if (parsed.type === 'freshness_using' || parsed.metric === 'freshness') return parseFreshnessCheck(base, parsed, cfg);
    return parseMetricCheck(base, parsed, cfg);
  }

  function parseFreshnessCheck(
    base: Omit<FreshnessCheckCfg, 'kind' | 'column' | 'nowVariable'>,
    parsed: MetricLine | FreshnessUsingLine,
    cfg: Record<string, unknown> | undefined,
  ): FreshnessCheckCfg {
    const column = parsed.type === 'freshness_using' ? parsed.column : String(parsed.args[0] ?? '');
    const variable = parsed.type === 'freshness_using' ? parsed.variable : (parsed.args[1] as string | undefined);
    if (!column) throw new Error('freshness needs a column: freshness(column) < 1d');
    let failMs: number | undefined;
    if (parsed.threshold) {
      // `freshness(col) < 1d`; the deprecated `freshness using col < 1d` arrives without the "<".
      const duration = parsed.type === 'freshness_using' ? parsed.threshold : /^<=?\s*(\S+)$/.exec(parsed.threshold)?.[1];
      if (!duration) throw new Error(`freshness threshold must read "< 1d": ${parsed.threshold}`);
      failMs = parseDurationMs(duration);
    }
    // Soda (ThresholdCfg.get_freshness_threshold) keeps only a lower bound of the failing zone:
    // `when > 1d` / `when >= 1d`; `when < 23h` parses but sets no threshold.
    const when = (v: unknown) => {
      const t = typeof v === 'string' ? /^when\s*(>=|>|<=|<)\s*(\S+)$/.exec(resolveText(v, vars).trim()) : null;
      if (!t) throw new Error(`freshness threshold must read "when > 1d": ${JSON.stringify(v)}`);
      return t[1].startsWith('>') ? parseDurationMs(t[2]) : undefined;
    };
    if (cfg?.fail !== undefined) failMs = when(cfg.fail);
    const warnMs = cfg?.warn !== undefined ? when(cfg.warn) : undefined;
    if (failMs === undefined && warnMs === undefined && cfg?.fail === undefined && cfg?.warn === undefined)
      throw new Error('freshness check needs a threshold');
    const filter = cfg?.filter !== undefined ? toSqlText(String(cfg.filter), vars) : undefined;
    return { ...base, kind: 'freshness', column, nowVariable: variable ?? 'NOW', failMs, warnMs, ...(filter ? { filter } : {}) };
  }

  function parseMetricCheck(
    base: Omit<MetricCheckCfg, 'kind' | 'metric' | 'args'>,
    parsed: MetricLine,
    cfg: Record<string, unknown> | undefined,
  ): MetricCheckCfg {
    const check: MetricCheckCfg = { ...base, kind: 'metric', metric: parsed.metric, args: parsed.args };
    for (const [key, value] of Object.entries(cfg ?? {})) {
      if (key === 'filter') check.filter = toSqlText(String(value), vars);
      else if (key === 'failed rows query') check.failedRowsQuery = toSqlText(String(value), vars);
      else if (key.endsWith(' expression') || key.endsWith(' query')) {
        const isQuery = key.endsWith(' query');
        const name = key.slice(0, key.length - (isQuery ? ' query' : ' expression').length);
        if (name !== parsed.metric) throw new Error(`in "${key}" the metric name must match the check's metric "${parsed.metric}"`);
        check[isQuery ? 'query' : 'expression'] = toSqlText(String(value), vars);
      } else if (isMissingAndValidKey(key)) parseMissingAndValid(key, value, (check.missingAndValid ??= {}));
      else if (!METRIC_KEYS.has(key)) throw new Error(`unsupported check configuration "${key}"`);
    }
    const userDefined = Boolean(check.query || check.expression);
    if (!userDefined && !ROW_METRICS.has(check.metric) && !COLUMN_METRICS.has(check.metric)) {
      throw new Error(`unknown metric "${check.metric}" (a user-defined metric needs "${check.metric} query:" or "${check.metric} expression:")`);
    }
    if (COLUMN_METRICS.has(check.metric) && !userDefined) {
      if (typeof check.args[0] !== 'string') throw new Error(`metric ${check.metric} needs a column: ${check.metric}(column)`);
      check.column = check.args[0];
      if (check.metric.startsWith('percentile') && typeof check.args[1] !== 'number') throw new Error('percentile needs a fraction: percentile(column, 0.95)');
    }
    if (parsed.prefix?.type === 'change')
      check.change = { lastMeasurements: parsed.prefix.lastMeasurements, aggregation: parsed.prefix.aggregation, percent: parsed.prefix.percent };
    if (parsed.prefix?.type === 'anomaly') {
      check.anomaly = { window: numberCfg(cfg, 'history window', 30), minHistory: numberCfg(cfg, 'min history', 5) };
      if (parsed.threshold === undefined || parsed.threshold === 'default') {
        if (cfg?.fail === undefined && cfg?.warn === undefined) check.fail = { gt: 3, splitZone: false };
      } else check.fail = inverse(parseThreshold(parsed.threshold));
    } else if (parsed.threshold === 'default') throw new Error('"< default" is only allowed in "anomaly score for <metric> < default"');
    else if (parsed.threshold !== undefined) check.fail = inverse(parseThreshold(parsed.threshold));
    // Variables in zones (`fail: when > ${LIMIT}`) are pasted like in the check line.
    const zone = (v: unknown) => parseWhenThreshold(typeof v === 'string' ? resolveText(v, vars) : v);
    if (cfg?.fail !== undefined) check.fail = zone(cfg.fail);
    if (cfg?.warn !== undefined) check.warn = zone(cfg.warn);
    if (!check.fail && !check.warn) throw new Error(`no threshold specified for "${base.line}"`);
    return check;
  }

  function numberCfg(cfg: Record<string, unknown> | undefined, key: string, fallback: number): number {
    const v = cfg?.[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`"${key}" must be a positive integer`);
    return v;
  }

  function schemaValidations(value: unknown): SchemaValidations | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('schema fail:/warn: must be a mapping of validations');
    const v = value as Record<string, unknown>;
    for (const key of Object.keys(v))
      if (!SCHEMA_VALIDATION_KEYS.has(key)) throw new Error(`invalid schema validation "${key}" (available: ${[...SCHEMA_VALIDATION_KEYS].join(', ')})`);
    const list = (k: string) => {
      const x = v[k] ?? [];
      if (!Array.isArray(x) || !x.every((c) => typeof c === 'string')) throw new Error(`"${k}" must be a list of column names`);
      return x as string[];
    };
    const map = <T>(k: string, type: 'string' | 'number', nullable = false) => {
      const x = (v[k] ?? {}) as Record<string, unknown>;
      if (typeof x !== 'object' || Array.isArray(x) || !Object.values(x).every((c) => typeof c === type || (nullable && c === null)))
        throw new Error(`"${k}" must map column names to ${type}s`);
      return x as Record<string, T>;
    };
    // `when mismatching columns`: the listed columns and types, nothing else (optional ones may be absent).
    const mismatching = v['when mismatching columns'] !== undefined;
    if (v['with optional columns'] !== undefined && !mismatching)
      throw new Error('"with optional columns" is only allowed together with "when mismatching columns"');
    const changes = v['when schema changes'];
    const changeList = changes === 'any' ? ['column add', 'column delete', 'column type change', 'column index change'] : ((changes ?? []) as string[]);
    if (!Array.isArray(changeList)) throw new Error('"when schema changes" must be "any" or a list');
    return {
      requiredColumns: list('when required column missing'),
      forbiddenColumns: list('when forbidden column present'),
      columnTypes: mismatching ? map<string | null>('when mismatching columns', 'string', true) : map<string>('when wrong column type', 'string'),
      columnIndexes: map<number>('when wrong column index', 'number'),
      otherColumnsAllowed: !mismatching,
      optionalColumns: mismatching ? list('with optional columns') : [],
      forbidAdd: changeList.includes('column add'),
      forbidDelete: changeList.includes('column delete'),
      forbidTypeChange: changeList.includes('column type change'),
      forbidIndexChange: changeList.includes('column index change'),
    };
  }
}
