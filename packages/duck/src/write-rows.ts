import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Duck } from './duck';
import { sqlIdent, sqlPath } from './identifiers';

/** Column name → DuckDB type, in output order. */
export type ColumnTypes = Record<string, string>;

const SAFE_TYPE = /^[A-Z]+(\(\d+(,\s*\d+)?\))?(\[\])?$/;

/**
 * Write JS rows to a ZSTD parquet file with an explicit schema (so an empty batch still has
 * the right columns and types). Rows go through NDJSON + read_json with declared columns:
 * values are data, never SQL text. `orderBy` makes the file byte-for-byte deterministic.
 */
export async function writeRowsToParquet(
  duck: Duck,
  rows: Record<string, unknown>[],
  columns: ColumnTypes,
  outPath: string,
  orderBy: string[],
): Promise<number> {
  for (const [name, type] of Object.entries(columns)) {
    sqlIdent(name);
    if (!SAFE_TYPE.test(type)) throw new Error(`unsupported column type ${type} for ${name}`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'medallion-rows-'));
  try {
    const ndjson = join(dir, 'rows.ndjson');
    await writeFile(
      ndjson,
      rows.map((r) => JSON.stringify(Object.fromEntries(Object.keys(columns).map((c) => [c, r[c] ?? null])))).join('\n') + (rows.length ? '\n' : ''),
    );
    const cols = `{${Object.entries(columns)
      .map(([n, t]) => `'${n}': '${t}'`)
      .join(', ')}}`;
    const select = Object.keys(columns).map(sqlIdent).join(', ');
    const order = orderBy.map(sqlIdent).join(', ');
    await duck.run(
      `COPY (SELECT ${select} FROM read_json(${sqlPath(ndjson)}, format = 'newline_delimited', columns = ${cols}) ORDER BY ${order}) TO ${sqlPath(outPath)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    return rows.length;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
