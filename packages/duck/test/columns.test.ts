import { ColumnAppender, type Duck, forEachChunk, openDuck } from '../src';

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck({ threads: 2 });
});
afterAll(() => duck.close());

describe('forEachChunk', () => {
  it('hands every row over in the query order, numbers as typed arrays and text on demand', async () => {
    const seen: number[] = [];
    const labels: string[] = [];
    await forEachChunk(
      duck,
      "SELECT i::INTEGER AS i, (i * 0.5)::DOUBLE AS half, DATE '2020-01-01' + i::INTEGER AS d, 'r' || i AS label FROM range(5000) t(i)",
      (chunk) => {
        const [i, half, d] = [0, 1, 2].map((c) => chunk.numbers(c));
        for (let r = 0; r < chunk.rows; r++) {
          expect(half![r]).toBe(i![r]! * 0.5);
          expect(d![r]).toBe(18262 + i![r]!); // days since 1970-01-01
          seen.push(i![r]!);
          if (i![r]! % 1000 === 0) labels.push(chunk.text(3, r)!);
        }
      },
    );
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, k) => k));
    expect(labels).toEqual(['r0', 'r1000', 'r2000', 'r3000', 'r4000']);
  });

  it('refuses to read a text column as numbers', async () => {
    await expect(forEachChunk(duck, "SELECT 'x' AS s", (chunk) => chunk.numbers(0))).rejects.toThrow('column 0 is not INTEGER, DATE or DOUBLE');
  });
});

describe('ColumnAppender', () => {
  it('appends full and partial chunks of INTEGER, DATE and DOUBLE rows to a temp table', async () => {
    await duck.run('CREATE OR REPLACE TEMP TABLE appended (k INTEGER, d DATE, x DOUBLE)');
    const out = await ColumnAppender.open(duck, 'appended', ['INTEGER', 'DATE', 'DOUBLE']);
    for (let k = 0; k < 5000; k++) {
      const [kk, d, x] = out.columns;
      kk![out.length] = k;
      d![out.length] = 19000 + (k % 7);
      x![out.length] = k / 3;
      out.next();
    }
    out.close();
    expect(out.rowsAppended).toBe(5000);
    const [row] = await duck.all<{ n: number; ks: number; d: string; x: number }>(
      'SELECT count(*)::INTEGER AS n, sum(k)::INTEGER AS ks, max(d)::VARCHAR AS d, max(x) AS x FROM appended',
    );
    expect(row).toEqual({ n: 5000, ks: (4999 * 5000) / 2, d: '2022-01-14', x: 4999 / 3 });
  });

  it('appends to a table of an attached database', async () => {
    await duck.run("ATTACH ':memory:' AS side; CREATE TABLE side.t (k INTEGER)");
    const out = await ColumnAppender.open(duck, 't', ['INTEGER'], 'side');
    out.columns[0]![0] = 42;
    out.next();
    out.close();
    expect(await duck.scalar('SELECT k FROM side.t')).toBe(42);
  });
});
