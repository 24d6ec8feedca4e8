import { openDuck, sqlPath, sqlIdent } from '../src';

describe('duck', () => {
  it('binds parameters and converts bigint/decimal/date deliberately', async () => {
    const duck = await openDuck();
    const rows = await duck.all(`SELECT $n::BIGINT AS n, 9007199254740993::BIGINT AS big, 12.50::DECIMAL(10,2) AS d, DATE '2025-01-14' AS day, $s AS s`, {
      n: 42,
      s: "O'Brien",
    });
    expect(rows).toEqual([{ n: 42, big: 9007199254740993n, d: 12.5, day: '2025-01-14', s: "O'Brien" }]);
    duck.close();
  });

  it('can let a COPY write rows in any order (preserve_insertion_order = false)', async () => {
    const duck = await openDuck({ threads: 2, preserveInsertionOrder: false });
    try {
      expect(await duck.scalar("SELECT current_setting('preserve_insertion_order')")).toBe(false);
    } finally {
      duck.close();
    }
  });

  it('refuses paths and identifiers that could inject SQL', () => {
    expect(() => sqlPath("x'; DROP TABLE t; --")).toThrow(/unsafe path/);
    expect(sqlPath('/tmp/lake/gold/x.parquet')).toBe("'/tmp/lake/gold/x.parquet'");
    expect(() => sqlIdent('a;b')).toThrow(/unsafe SQL identifier/);
  });
});

import { mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRowsToParquet } from '../src';

describe('writeRowsToParquet', () => {
  it('writes typed, ordered, deterministic parquet, even for zero rows', async () => {
    const duck = await openDuck();
    const dir = await mkdtemp(join(tmpdir(), 'wr-'));
    const cols = { id: 'VARCHAR', d: 'DATE', n: 'BIGINT', ok: 'BOOLEAN' };
    const rows = [
      { id: 'b', d: '2025-01-02', n: 2, ok: true },
      { id: "a'; --", d: null, n: 1, ok: false },
    ];
    await writeRowsToParquet(duck, rows, cols, join(dir, '1.parquet'), ['id']);
    await writeRowsToParquet(duck, [...rows].reverse(), cols, join(dir, '2.parquet'), ['id']);
    expect(readFileSync(join(dir, '1.parquet')).equals(readFileSync(join(dir, '2.parquet')))).toBe(true);
    expect(await duck.all(`SELECT * FROM read_parquet(${sqlPath(join(dir, '1.parquet'))})`)).toEqual([
      { id: "a'; --", d: null, n: 1, ok: false },
      { id: 'b', d: '2025-01-02', n: 2, ok: true },
    ]);
    await writeRowsToParquet(duck, [], cols, join(dir, 'empty.parquet'), ['id']);
    expect(await duck.all(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${sqlPath(join(dir, 'empty.parquet'))}))`)).toHaveLength(
      4,
    );
    duck.close();
  });
});
