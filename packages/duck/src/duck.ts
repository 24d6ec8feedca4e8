import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { toPlain } from './convert';

export type Row = Record<string, unknown>;
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

export interface DuckOptions {
  /** Database file; in-memory when omitted. */
  path?: string;
  threads?: number;
  memoryLimit?: string;
  /** Where DuckDB spills when a build exceeds memoryLimit. */
  tempDirectory?: string;
  /** false lets a COPY write rows in any order (DuckDB's default keeps the source's): less CPU and memory. */
  preserveInsertionOrder?: boolean;
}

/** Statements on one connection (what a Duck is to code that only runs statements). */
export interface DuckSession {
  /** Run one statement (or several, when no params) and discard results. */
  run(sql: string, params?: Params): Promise<void>;
  /** Run a query and return rows with plain JS values (see toPlain). */
  all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]>;
  /** First column of the first row. */
  scalar<T = unknown>(sql: string, params?: Params): Promise<T>;
  readonly connection: DuckDBConnection;
  /** Closes this connection (a Duck's own close also closes the database). */
  close(): void;
}

export interface Duck extends DuckSession {
  /** Another connection to the same database (temp tables are per connection); the caller closes it. */
  connect(): Promise<DuckDBConnection>;
}

// Each instance spills to a folder of its own: DuckDB removes its temp folder when it closes.
let instances = 0;

export async function openDuck(options: DuckOptions = {}): Promise<Duck> {
  const config: Record<string, string> = {};
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.preserveInsertionOrder === false) config.preserve_insertion_order = 'false';
  // DuckDB's default spill folder is ./.tmp, read-only in Lambda (/var/task): spill under the OS temp dir.
  config.temp_directory = options.tempDirectory ?? join(tmpdir(), `duckdb-spill-${process.pid}-${++instances}`);
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
  const own = sessionOf(await instance.connect());
  return {
    ...own,
    connect: () => instance.connect(),
    close() {
      own.close();
      instance.closeSync();
    },
  };
}

function sessionOf(connection: DuckDBConnection): DuckSession {
  const all = async <T extends Row>(sql: string, params?: Params): Promise<T[]> => {
    const reader = await connection.runAndReadAll(sql, params);
    return reader.getRowObjects().map((r) => toPlain(r) as T);
  };
  return {
    connection,
    async run(sql, params) {
      await connection.run(sql, params);
    },
    all,
    async scalar<T>(sql: string, params?: Params) {
      const rows = await all(sql, params);
      const first = rows[0];
      return (first ? Object.values(first)[0] : undefined) as T;
    },
    close: () => connection.closeSync(),
  };
}
