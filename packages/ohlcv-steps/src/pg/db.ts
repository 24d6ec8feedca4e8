import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * One query layer over two drivers: PGlite (PostgreSQL compiled to WebAssembly, embedded: the
 * default for local runs, nothing to install) and node-postgres for a real server (RDS, the
 * test server). Same SQL, `$n` parameters, same value types: DATE as 'YYYY-MM-DD' text (never
 * a JS Date in the host's time zone) and BIGINT as a number.
 */
export interface SqlClient {
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDb extends SqlClient {
  readonly driver: 'pglite' | 'pg';
  /** Run fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const parseInt8 = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint ${v} does not fit a JavaScript number`);
  return n;
};

/** PGlite on a data directory (persisted), or in memory when none is given. */
export async function openPglite(dataDir?: string): Promise<SqlDb> {
  const db = await PGlite.create(dataDir, { parsers: { [pgliteTypes.DATE]: (v: string) => v, [pgliteTypes.INT8]: parseInt8 } });
  const client = (q: Pick<PGlite, 'query' | 'exec'>): SqlClient => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    driver: 'pglite',
    ...client(db),
    transaction: (fn) => db.transaction((tx) => fn(client(tx))),
    close: () => db.close(),
  };
}

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE_OID) return (v: string) => v;
    if (oid === INT8_OID) return parseInt8;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** node-postgres pool on a real server. */
export function openPg(config: pg.PoolConfig): SqlDb {
  const pool = new pg.Pool({ max: 4, ...config, types: typeParsers });
  const client = (q: pg.Pool | pg.PoolClient): SqlClient => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  return {
    driver: 'pg',
    ...client(pool),
    async transaction(fn) {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const out = await fn(client(conn));
        await conn.query('COMMIT');
        return out;
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * `pglite://<dir>` (or `pglite://memory`) → embedded PGlite; `postgres://…` / `postgresql://…` → node-postgres.
 */
export async function openPostgres(url: string): Promise<SqlDb> {
  if (url.startsWith('pglite://')) {
    const dir = url.slice('pglite://'.length);
    return openPglite(dir === 'memory' || dir === '' ? undefined : dir);
  }
  if (/^postgres(ql)?:\/\//.test(url)) return openPg({ connectionString: url });
  throw new Error(`unsupported PostgreSQL URL (pglite://DIR or postgres://…): ${url.replace(/:[^:@/]*@/, ':***@')}`);
}
