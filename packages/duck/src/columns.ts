import type { Duck } from './duck';
import { type DuckDBAppender, DuckDBDataChunk, DATE, DOUBLE, INTEGER, type DuckDBType } from '@duckdb/node-api';

/**
 * Columnar hand-off between DuckDB and a tight JS loop: numeric columns as typed arrays, a chunk
 * (2,048 rows) at a time, no per-value conversion. For work DuckDB's operators do slowly (an
 * ordered scan that an aggregate would have to re-group), not for ordinary queries.
 */
export type NumericColumnType = 'INTEGER' | 'DATE' | 'DOUBLE';
type NumericArray = Int32Array | Float64Array;

const DUCK_TYPES: Record<NumericColumnType, DuckDBType> = { INTEGER, DATE, DOUBLE };
/** DuckDB's vector size: a data chunk holds at most this many rows. */
export const CHUNK_ROWS = 2048;

export interface ColumnChunk {
  readonly rows: number;
  /** An INTEGER or DATE (days since 1970-01-01) column as Int32Array, a DOUBLE column as Float64Array. Nulls read as 0. */
  numbers(column: number): NumericArray;
  /** A VARCHAR value, or null. */
  text(column: number, row: number): string | null;
}

interface VectorLike {
  items?: NumericArray;
  getItem(i: number): unknown;
  flush(): void;
}

/**
 * Stream a query's result in DuckDB's order (insertion order is preserved, so a scan of files in a
 * list comes file by file, row by row) and hand each chunk to `onChunk`, synchronously. Runs on a
 * connection of its own: statements on the caller's connection (an appender flushing) would end
 * the stream early.
 */
export async function forEachChunk(duck: Duck, sql: string, onChunk: (chunk: ColumnChunk) => void): Promise<void> {
  const connection = await duck.connect();
  try {
    // DuckDB runs a streaming query ahead of the reader only this far (default ~1 MB: the scan would idle while JS works).
    await connection.run("SET streaming_buffer_size = '64MB'");
    const result = await connection.stream(sql);
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const vectors = new Map<number, VectorLike>();
      const vector = (c: number) => {
        let v = vectors.get(c);
        if (!v) vectors.set(c, (v = chunk!.getColumnVector(c) as unknown as VectorLike));
        return v;
      };
      onChunk({
        rows: chunk.rowCount,
        numbers(c) {
          const items = vector(c).items;
          if (!(items instanceof Int32Array || items instanceof Float64Array)) throw new Error(`column ${c} is not INTEGER, DATE or DOUBLE`);
          return items;
        },
        text: (c, row) => vector(c).getItem(row) as string | null,
      });
    }
  } finally {
    connection.closeSync();
  }
}

/**
 * Rows for a table whose columns are all INTEGER/DATE/DOUBLE, written into typed arrays and
 * appended a chunk at a time (one reused data chunk: the appender copies it).
 */
export class ColumnAppender {
  private readonly chunk: DuckDBDataChunk;
  private readonly vectors: VectorLike[];
  /** One typed array per column, CHUNK_ROWS long: write row `length`, then call `next()`. */
  readonly columns: NumericArray[];
  length = 0;
  rowsAppended = 0;

  constructor(
    private readonly appender: DuckDBAppender,
    types: readonly NumericColumnType[],
  ) {
    this.chunk = DuckDBDataChunk.create(
      types.map((t) => DUCK_TYPES[t]),
      CHUNK_ROWS,
    );
    this.vectors = types.map((_, c) => this.chunk.getColumnVector(c) as unknown as VectorLike);
    this.columns = this.vectors.map((v) => v.items!);
  }

  /** On the Duck's own connection, so a temp table of that connection (catalog `temp`, the default) can take the rows. */
  static async open(duck: Duck, table: string, types: readonly NumericColumnType[], catalog = 'temp'): Promise<ColumnAppender> {
    return new ColumnAppender(await duck.connection.createAppender(table, catalog === 'temp' ? null : 'main', catalog), types);
  }

  /** The row at `length` is complete. */
  next(): void {
    if (++this.length === CHUNK_ROWS) this.flush();
  }

  flush(): void {
    if (this.length === 0) return;
    this.chunk.rowCount = this.length;
    for (const v of this.vectors) v.flush();
    this.appender.appendDataChunk(this.chunk);
    this.rowsAppended += this.length;
    this.length = 0;
  }

  close(): void {
    this.flush();
    this.appender.flushSync();
    this.appender.closeSync();
  }
}
