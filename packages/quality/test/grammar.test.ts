import { inverse, isBad, parseDurationMs, parseThreshold, parseWhenThreshold, pythonRound2 } from '../src/thresholds';
import { parseCheckLine } from '../src/check-line';
import { emptyParsedChecks, parseChecksYaml } from '../src/parser';
import { toSqlText } from '../src/variables';
import type { MetricCheckCfg } from '../src/types';

describe('thresholds (Soda ThresholdCfg)', () => {
  const failZone = (inline: string) => inverse(parseThreshold(inline));
  it.each([
    ['> 0', [0, 1], [true, false]],
    ['= 0', [-1, 0, 1], [true, false, true]],
    ['!= 0', [0, 1], [true, false]],
    ['<> 0', [0, -1], [true, false]],
    ['<= 5%', [5, 6], [false, true]],
    ['between 1 and 10', [0, 1, 10, 11], [true, false, false, true]],
    ['between (1 and 10)', [1, 2, 10], [true, false, true]],
    ['between [1 and 10)', [1, 10], [false, true]],
    ['not between -1 and 1', [-1, 0, 2], [true, true, false]],
  ])('inline %s', (text, inputs, bad) => {
    expect(inputs.map((v) => isBad(failZone(text), v))).toEqual(bad);
  });

  it('reads fail/warn "when" zones as bad zones', () => {
    expect(isBad(parseWhenThreshold('when > 10'), 11)).toBe(true);
    expect(isBad(parseWhenThreshold('when between 1 and 5'), 3)).toBe(true);
    expect(() => parseWhenThreshold('> 10')).toThrow(/when/);
    expect(() => parseThreshold('between 5 and 1')).toThrow(/greater/);
  });

  it('parses freshness durations with d/h/m units and Soda shorthand', () => {
    expect(parseDurationMs('1d')).toBe(86_400_000);
    expect(parseDurationMs('12h')).toBe(43_200_000);
    expect(parseDurationMs('30m')).toBe(1_800_000);
    expect(parseDurationMs('1d12h')).toBe(129_600_000);
    expect(parseDurationMs('1d6')).toBe(108_000_000);
    expect(parseDurationMs('2h30')).toBe(9_000_000);
    expect(() => parseDurationMs('soon')).toThrow(/freshness/);
  });

  it('rounds like Python round(x, 2): binary value decides, exact ties to even', () => {
    expect([0.125, 0.375, 2.675, 1 / 3, 66.666666, 12.5, -0.125].map(pythonRound2)).toEqual([0.12, 0.38, 2.67, 0.33, 66.67, 12.5, -0.12]);
  });
});

describe('check lines (SodaCLAntlr.g4)', () => {
  it('metric checks with args, thresholds and prefixes', () => {
    expect(parseCheckLine('duplicate_count(a, "b") = 0')).toEqual({
      type: 'metric',
      metric: 'duplicate_count',
      args: ['a', 'b'],
      threshold: '= 0',
      prefix: undefined,
    });
    expect(parseCheckLine('percentile(x, 0.95) < 10')).toMatchObject({ args: ['x', 0.95] });
    expect(parseCheckLine('change avg last 7 for row_count < 50')).toMatchObject({
      prefix: { type: 'change', lastMeasurements: 7, aggregation: 'avg', percent: false },
      metric: 'row_count',
    });
    expect(parseCheckLine('change percent for row_count between -10 and 10')).toMatchObject({
      prefix: { type: 'change', lastMeasurements: 1, aggregation: 'min', percent: true },
      threshold: 'between -10 and 10',
    });
    expect(parseCheckLine('anomaly score for row_count < default')).toMatchObject({ prefix: { type: 'anomaly' }, threshold: 'default' });
    expect(parseCheckLine('anomaly detection for row_count')).toMatchObject({ prefix: { type: 'anomaly' }, threshold: undefined });
  });

  it('reference, row count comparison and the deprecated freshness form', () => {
    expect(parseCheckLine('values in (a, b) must exist in dim (x, y)')).toEqual({
      type: 'reference',
      sourceColumns: ['a', 'b'],
      targetTable: 'dim',
      targetColumns: ['x', 'y'],
      mustNotExist: false,
    });
    // soda-core v3 test_reference_check.py::test_multi_column_reference_check_not; test_row_count_comparison.py
    expect(parseCheckLine('values in (id, text) must not exist in customers (id, cst_size_txt)')).toMatchObject({
      mustNotExist: true,
      targetTable: 'customers',
    });
    expect(parseCheckLine('row_count same as raw daily-ref in medallion_lake')).toEqual({
      type: 'row_count_comparison',
      otherTable: 'raw',
      otherPartition: 'daily-ref',
      otherDataSource: 'medallion_lake',
    });
    expect(parseCheckLine('values in member_key must exist in dim_member member_key')).toMatchObject({
      sourceColumns: ['member_key'],
      targetColumns: ['member_key'],
    });
    expect(parseCheckLine('row_count same as other [recent]')).toEqual({ type: 'row_count_comparison', otherTable: 'other', otherPartition: 'recent' });
    expect(parseCheckLine('freshness using ts with LOADED < 1d')).toEqual({ type: 'freshness_using', column: 'ts', variable: 'LOADED', threshold: '1d' });
  });
});

describe('sections', () => {
  const parse = (yaml: string, datasets: string[] = []) => parseChecksYaml(yaml, { filePath: 'c.yml', variables: { V: '7' }, datasets });

  it('reads thresholds, validity, filters and user metrics into CheckCfgs', () => {
    const parsed = parse(`configurations for t:
  valid values for status: [a, b]
checks for t:
  - invalid_count(status) < 3:
      filter: region = \${V}
      samples limit: 5
  - avg_x:
      avg_x expression: avg(x)
      warn: when > 1
      fail: when > 2
`);
    expect(parsed.problems).toEqual([]);
    const [invalid, custom] = parsed.checks as MetricCheckCfg[];
    expect(invalid).toMatchObject({
      kind: 'metric',
      table: 't',
      column: 'status',
      samplesLimit: 5,
      filter: { sql: 'region = 7', params: {}, written: 'region = ${V}' },
    });
    expect(invalid.fail).toEqual({ gte: 3, splitZone: false });
    expect(parsed.columnConfigurations.t.status).toEqual({ validValues: ['a', 'b'] });
    expect(custom).toMatchObject({ metric: 'avg_x', expression: { sql: 'avg(x)' }, warn: { gt: 1 }, fail: { gt: 2 } });
  });

  it('collects problems instead of throwing', () => {
    const parsed = parse(`checks for t:
  - missing_count(x)
  - invalid_count(x) > 1:
      valid colour: red
  - schema
  - failed rows:
      name: no condition
checks for "bad name!":
  - row_count > 0
`);
    expect(parsed.checks).toEqual([]);
    expect(parsed.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/no threshold/),
      expect.stringMatching(/unsupported check configuration "valid colour"/),
      expect.stringMatching(/schema|mapping/),
      expect.stringMatching(/fail condition/),
      expect.stringMatching(/invalid dataset name/),
    ]);
  });

  it('binds quoted variables and values that are not SQL text; pastes names, numbers and operators like Soda', () => {
    expect(toSqlText("a = '${V}' AND b = ${ V }", { V: "x'y" })).toEqual({
      sql: 'a = $v_V AND b = $v_V',
      params: { v_V: "x'y" },
      written: "a = '${V}' AND b = ${ V }",
    });
    // soda-core v3 test_vars.py::test_vars_in_check, test_user_defined_metric_checks.py (…_with_variable_special_chars)
    expect(toSqlText("${COLUMN} = '${VALUE}' AND cst_size ${OP}", { COLUMN: 'country', VALUE: 'BE', OP: '>= -5' })).toMatchObject({
      sql: 'country = $v_VALUE AND cst_size >= -5',
      params: { v_VALUE: 'BE' },
    });
    // soda-core v3 test_table_filter.py: typed literals take no parameter, so they become casts
    expect(toSqlText("d >= DATE '${LO}' AND ts < TIMESTAMP '${HI}'", { LO: '2020-06-23', HI: '2020-06-24 00:00:00' }).sql).toBe(
      'd >= CAST($v_LO AS DATE) AND ts < CAST($v_HI AS TIMESTAMP)',
    );
    // a value with a comment or a statement separator is never pasted
    expect(toSqlText('x = ${V}', { V: '1; DROP TABLE t' }).params).toEqual({ v_V: '1; DROP TABLE t' });
    expect(toSqlText('x = ${V}', { V: '1 -- c' }).params).toEqual({ v_V: '1 -- c' });
  });

  it('reads freshness thresholds like Soda: < and <= inline, only > / >= zones set a limit, variables pasted', () => {
    // sodacl_parser.py (metric freshness) + threshold_cfg.py get_freshness_threshold; test_freshness.py
    const parsed = parse(
      'variables:\n  LIMIT: 2h\nchecks for t:\n  - freshness(ts) <= 1d\n  - freshness(ts, END):\n      fail: when > ${LIMIT}\n      warn: when < 23h\n      filter: ts > 0\n',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.checks).toMatchObject([
      { kind: 'freshness', failMs: 86_400_000 },
      { kind: 'freshness', nowVariable: 'END', failMs: 7_200_000, warnMs: undefined, filter: { sql: 'ts > 0' } },
    ]);
  });

  it('keeps variables from a variables: section for later sections', () => {
    const parsed = parse(`variables:\n  TABLE: orders\nchecks for \${TABLE}:\n  - row_count > 0\n`);
    expect(parsed.checks[0].table).toBe('orders');
  });

  it('defaults anomaly checks to a 3-standard-deviation fail zone over 30 runs', () => {
    const [check] = parse(`checks for t:\n  - anomaly score for row_count < default\n`).checks as MetricCheckCfg[];
    expect(check).toMatchObject({ anomaly: { window: 30, minHistory: 5 }, fail: { gt: 3 } });
  });
});

describe('parsed checks accumulate across files', () => {
  it('appends to one ParsedChecks', () => {
    const into = emptyParsedChecks();
    parseChecksYaml('checks for a:\n  - row_count > 0\n', { filePath: 'a.yml', variables: into.variables, datasets: [] }, into);
    parseChecksYaml('checks for b:\n  - row_count > 0\n', { filePath: 'b.yml', variables: into.variables, datasets: [] }, into);
    expect(into.checks.map((c) => [c.table, c.location.filePath])).toEqual([
      ['a', 'a.yml'],
      ['b', 'b.yml'],
    ]);
  });
});
