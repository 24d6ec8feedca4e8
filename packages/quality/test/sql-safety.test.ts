/**
 * SQL from checks files is one expression (or one SELECT), checked with DuckDB's parser before
 * anything runs, and scans cannot touch files other than the staged parquet.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDuck, type Duck } from '@medallion/duck';
import { expressionProblem, queryProblem } from '../src/fragments';
import { testBed, values, type TestBed } from './helpers';

let bed: TestBed;
let duck: Duck;
beforeAll(async () => {
  bed = await testBed();
  duck = await openDuck({ threads: 1 });
});
afterAll(() => {
  bed.close();
  duck.close();
});

const T = values('id, amount', [
  [1, 10],
  [2, 20],
  [3, null],
]);

describe('SQL fragments in checks', () => {
  it('a filter that closes its parentheses to COPY a file is an error, and writes nothing', async () => {
    const target = join(bed.dir, 'pwned.csv');
    const r = await bed.scanYaml(
      `checks for t:\n  - row_count > 0:\n      filter: "true)) AS m0 FROM t; COPY (SELECT 'pwned') TO '${target}'; SELECT ((true"\n  - row_count = 3\n`,
      { t: T },
    );
    expect(existsSync(target)).toBe(false);
    const [bad, good] = r.checks;
    expect(bad.outcome).toBe('error');
    expect(bad.outcomeReasons[0].message).toMatch(/^filter must be one SQL expression, but .*\(not run\)$/);
    expect(r.queries.some((q) => q.sql.includes('COPY'))).toBe(false);
    // The other checks of the dataset still run, in one statement.
    expect(good.outcome).toBe('pass');
    expect(r.exitCode).toBe(3);
  });

  it.each([
    ['filter', 'row_count > 0:\n      filter: "id = 1 OR 1 = 1 LIMIT 1"'],
    ['fail condition', 'failed rows:\n      fail condition: "id > 1; SELECT 1"'],
    ['metric expression', 'total > 0:\n      total expression: "sum(amount) FROM t"'],
    ['named filter where', 'row_count > 0'],
  ])('a %s that is not one expression errors without running', async (what, check) => {
    const header = what === 'named filter where' ? 'filter t [recent]:\n  where: "id > 1 UNION SELECT 1"\n\nchecks for t [recent]:' : 'checks for t:';
    const r = await bed.scanYaml(`${header}\n  - ${check}\n`, { t: T });
    expect(r.checks[0].outcome).toBe('error');
    expect(r.checks[0].outcomeReasons[0].message).toMatch(/must be one SQL expression/);
    expect(r.queries.filter((q) => q.kind !== 'schema')).toEqual([]);
  });

  it('queries must be one SELECT statement', async () => {
    const target = join(bed.dir, 'query.csv');
    const r = await bed.scanYaml(
      `checks for t:\n  - failed rows:\n      fail query: "COPY (SELECT 1) TO '${target}'"\n  - n = 3:\n      n query: "SELECT count(*) FROM t; SELECT 1"\n  - m = 3:\n      m query: "SELECT count(*) FROM t; -- one statement\\n"\n`,
      { t: T },
    );
    expect(r.checks.map((c) => c.outcome)).toEqual(['error', 'error', 'pass']);
    expect(r.checks[0].outcomeReasons[0].message).toMatch(/"fail query" must be one SELECT statement, but only a SELECT statement is allowed/);
    expect(r.checks[1].outcomeReasons[0].message).toMatch(/"n query" must be one SELECT statement, but it holds more than one statement/);
    expect(existsSync(target)).toBe(false);
  });

  it('a trailing -- comment in a fragment cannot swallow the SQL around it', async () => {
    const r = await bed.scanYaml('checks for t:\n  - row_count = 1:\n      filter: "id = 1 -- the first"\n  - row_count = 3\n', { t: T });
    expect(r.checks.map((c) => c.outcome)).toEqual(['pass', 'pass']);
  });

  it('a bare ${VAR} is pasted only as a name, a number or a comparison with a number; anything else is a bound value', async () => {
    const yaml = 'checks for t:\n  - row_count = 1:\n      filter: id = ${V}\n';
    const pasted = await bed.scanYaml(yaml, { t: T }, { vars: { V: '1' } });
    expect([pasted.checks[0].outcome, pasted.queries[0].sql]).toEqual(['pass', expect.stringContaining('id = 1')]);
    for (const attack of ['1 OR 1=1', '1) OR (1=1', "1; COPY t TO '/tmp/x'", '1 -- rest']) {
      const r = await bed.scanYaml(yaml, { t: T }, { vars: { V: attack } });
      expect(r.queries.every((q) => !q.sql.includes(attack))).toBe(true);
      expect(r.checks[0].diagnostics.value).not.toBe(3);
    }
  });

  it('one expression passes the parser check; anything more does not', async () => {
    for (const ok of ['amount > 0', "starts_with(name, '99')", 'id IN (SELECT 1)', '$v_BATCH = batch_seq', 'sum(amount) / count(*)', 'x -- note']) {
      expect(await expressionProblem(duck, ok)).toBeUndefined();
    }
    for (const bad of ['', 'a, b', 'a AS b', '1 FROM t', 'a) OR (1', 'true; DROP TABLE t', '1 UNION SELECT 2', 'a ORDER BY 1', "'open", 'a /* open']) {
      expect(await expressionProblem(duck, bad)).toEqual(expect.any(String));
    }
    expect(await queryProblem(duck, 'WITH x AS (SELECT 1) SELECT * FROM x')).toBeUndefined();
    expect(await queryProblem(duck, 'INSERT INTO t VALUES (1)')).toMatch(/only a SELECT/);
  });
});

describe('scans run with external access disabled', () => {
  it('reads the staged parquet and no other file', async () => {
    const secret = await bed.parquet("SELECT 'secret' AS s");
    const target = join(bed.dir, 'copied.parquet');
    const r = await bed.scanYaml(
      [
        'checks for t:',
        '  - row_count = 3',
        '  - failed rows:',
        '      name: reads a file it was not given',
        `      fail query: "SELECT * FROM read_parquet('${secret}')"`,
        '  - failed rows:',
        '      name: reads a file through a condition',
        `      fail condition: "id IN (SELECT 1 FROM read_csv('/etc/hostname'))"`,
      ].join('\n'),
      { t: T },
    );
    expect(r.checks.map((c) => c.outcome)).toEqual(['pass', 'error', 'error']);
    expect(r.checks[1].outcomeReasons[0].message).toMatch(/disabled by configuration/);
    expect(existsSync(target)).toBe(false);
  });
});
