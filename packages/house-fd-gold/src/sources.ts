import { sqlIdent, sqlPath, type ColumnTypes, type Duck } from '@medallion/duck';
import type { ParquetSource } from './types';

const GLOB_CHARS = /[*?[]/;

/**
 * Expand a ParquetSource to a sorted list of files. Globs are expanded by DuckDB's glob()
 * so the SQL we run names every file explicitly (same text on every run, and an empty match
 * is an empty table rather than a "No files found" error).
 */
export async function resolveParquetFiles(duck: Duck, source: ParquetSource): Promise<string[]> {
  const items = typeof source === 'string' ? [source] : source;
  const files: string[] = [];
  for (const item of items) {
    if (!GLOB_CHARS.test(item)) {
      files.push(item);
      continue;
    }
    const rows = await duck.all<{ file: string }>(`SELECT file FROM glob($pattern) ORDER BY file`, { pattern: item });
    files.push(...rows.map((r) => r.file));
  }
  return [...new Set(files)].sort();
}

/**
 * A parenthesised relation with exactly `columns` (cast to their declared types, so a file
 * written with INTEGER where BIGINT is expected still lines up). Files are read with
 * union_by_name: files written by different versions may order columns differently.
 * With no files it is an empty relation of the same shape.
 */
export function parquetRelationSql(files: string[], columns: ColumnTypes, options: { filename?: boolean } = {}): string {
  const entries = Object.entries(columns);
  if (files.length === 0) {
    const cols = entries.map(([name, type]) => `NULL::${type} AS ${sqlIdent(name)}`);
    if (options.filename) cols.push(`NULL::VARCHAR AS filename`);
    return `(SELECT ${cols.join(', ')} WHERE false)`;
  }
  const cols = entries.map(([name, type]) => `${sqlIdent(name)}::${type} AS ${sqlIdent(name)}`);
  if (options.filename) cols.push('filename');
  const list = `[${files.map(sqlPath).join(', ')}]`;
  // hive_partitioning off: a staging dir like '.../rows=100/' must not add (or override) columns.
  const opts = `, union_by_name = true, hive_partitioning = false${options.filename ? ', filename = true' : ''}`;
  return `(SELECT ${cols.join(', ')} FROM read_parquet(${list}${opts}))`;
}
