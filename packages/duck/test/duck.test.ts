import { openDuck, sqlPath, sqlIdent } from '../src';

describe('duck', () => {
  it('binds parameters and converts bigint/decimal/date deliberately', async () => {
    const duck = await openDuck();
    const rows = await duck.all(
      `SELECT $n::BIGINT AS n, 9007199254740993::BIGINT AS big, 12.50::DECIMAL(10,2) AS d, DATE '2025-01-14' AS day, $s AS s`,
      { n: 42, s: "O'Brien" },
    );
    expect(rows).toEqual([{ n: 42, big: 9007199254740993n, d: 12.5, day: '2025-01-14', s: "O'Brien" }]);
    duck.close();
  });

  it('refuses paths and identifiers that could inject SQL', () => {
    expect(() => sqlPath("x'; DROP TABLE t; --")).toThrow(/unsafe path/);
    expect(sqlPath('/tmp/lake/gold/x.parquet')).toBe("'/tmp/lake/gold/x.parquet'");
    expect(() => sqlIdent('a;b')).toThrow(/unsafe SQL identifier/);
  });
});
