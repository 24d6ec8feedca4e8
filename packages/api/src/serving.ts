/**
 * The warm path: one DuckDB instance per container (created by openServing, at init), the
 * serving database of the current gold version attached read-only once per version, prepared
 * statements kept per version, the hot responses UpdateCache wrote held in memory.
 *
 * Which version is current comes from the lake's pointer (serving-keys.ts), read again when
 * it is older than `checkIntervalMs`: a new gold build is served without a redeploy. A lake
 * with no pointer yet (a lake built before UpdateCache existed) gets a serving database built
 * here once, from its gold.
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBPreparedStatement } from '@duckdb/node-api';
import { openDuck, sqlIdent, sqlPath, toPlain, type Duck } from '@medallion/duck';
import type { ObjectStore } from '@medallion/lake';
import type { GoldVersionInfo, ServingQuery } from './route';
import { ApiError } from './route';
import { pointerSchema, SERVING_LAYOUT, servingKeys, type ServingPointer } from './serving-keys';
import { prepareServing } from './serving-prepare';

export interface ServingOptions {
  lake: ObjectStore;
  /** Serve this one local database file as this version, never reading the pointer (UpdateCache's own answers). */
  fixed?: { file: string; pointer: Omit<ServingPointer, 'database' | 'hot' | 'layout'> };
  /** Where a serving database is built when the lake has none (default: the OS temp dir). */
  workDir?: string;
  /**
   * When the lake has no serving database for this code (no pointer, or one of another layout):
   * build one in process from gold (default; fine locally), or answer 503 until UpdateCache runs
   * (Lambda: a build of a large gold does not fit a request).
   */
  buildIfMissing?: boolean;
  /** How long a read of the pointer is trusted (ms); 0 reads it on every request. Default 1000. */
  checkIntervalMs?: number;
  threads?: number;
  memoryLimit?: string;
}

/** One attached gold version. */
export interface ServingVersion {
  info: GoldVersionInfo;
  /** Canonical request → JSON body written by UpdateCache. */
  hot: Map<string, string>;
  db: ServingQuery;
}

export interface ServingSource {
  /** The lake the versions are read from. */
  readonly lake: ObjectStore;
  /** The version to answer this request from (reads the pointer when the last read is too old). */
  current(): Promise<ServingVersion>;
  close(): void;
}

let attachments = 0;

export async function openServing(options: ServingOptions): Promise<ServingSource> {
  const duck = await openDuck({ threads: options.threads ?? 2, memoryLimit: options.memoryLimit ?? '512MB' });
  const interval = options.checkIntervalMs ?? 1000;
  // Queries on the one connection run one at a time; DuckDB parallelises inside each.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  let active: ServingVersion | undefined;
  let previousAlias: string | undefined;
  let activeAlias: string | undefined;
  let checkedAt = -Infinity;
  let refreshing: Promise<ServingVersion> | undefined;

  const attach = (path: string, pointer: Omit<ServingPointer, 'database' | 'hot' | 'layout'>, hot: Map<string, string>): Promise<ServingVersion> =>
    serial(async () => {
      const alias = `gold_${++attachments}`;
      await duck.run(`ATTACH ${sqlPath(path)} AS ${sqlIdent(alias)} (READ_ONLY)`);
      await duck.run(`USE ${sqlIdent(alias)}`);
      // The version before the previous one has no request left on it (queries run one at a time).
      if (previousAlias) await duck.run(`DETACH ${sqlIdent(previousAlias)}`);
      previousAlias = activeAlias;
      activeAlias = alias;
      const { version, seq, builtAt, asOfDate, rowCounts } = pointer;
      return { info: { version, seq, builtAt, asOfDate, rowCounts }, hot, db: versionQuery(duck, serial) };
    });

  const load = async (): Promise<ServingVersion> => {
    if (options.fixed) return active ?? attach(options.fixed.file, options.fixed.pointer, new Map());
    const raw = await options.lake.get(servingKeys.pointer());
    const pointer = raw ? pointerSchema.parse(JSON.parse(new TextDecoder().decode(raw))) : null;
    if (!pointer || pointer.layout !== SERVING_LAYOUT) {
      if (active) return active;
      if (options.buildIfMissing === false) {
        throw new ApiError(
          503,
          pointer ? 'the serving database is from another version of the API: run UpdateCache' : 'gold is not served yet: run UpdateCache',
        );
      }
      const workDir = options.workDir ?? join(tmpdir(), `medallion-serving-${process.pid}`);
      await mkdir(workDir, { recursive: true });
      const built = await prepareServing(options.lake, workDir);
      return attach(built.file, built, new Map());
    }
    if (active?.info.version === pointer.version) return active;
    const [path] = await options.lake.stage([pointer.database]);
    const hot = new Map<string, string>();
    await Promise.all(
      Object.entries(pointer.hot).map(async ([request, key]) => {
        const body = await options.lake.get(key);
        if (body) hot.set(request, new TextDecoder().decode(body));
      }),
    );
    return attach(path!, pointer, hot);
  };

  return {
    lake: options.lake,
    async current() {
      if (active && performance.now() - checkedAt < interval) return active;
      refreshing ??= load().finally(() => {
        refreshing = undefined;
      });
      active = await refreshing;
      checkedAt = performance.now();
      return active;
    },
    close() {
      duck.close();
    },
  };
}

/** Prepared statements by SQL text, for one attached version (cleared when it is replaced). */
function versionQuery(duck: Duck, serial: <T>(fn: () => Promise<T>) => Promise<T>): ServingQuery {
  const statements = new Map<string, Promise<DuckDBPreparedStatement>>();
  return {
    all<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
      return serial(async () => {
        let prepared = statements.get(sql);
        if (!prepared) {
          prepared = duck.connection.prepare(sql);
          statements.set(sql, prepared);
        }
        const statement = await prepared;
        statement.bind(params as Parameters<DuckDBPreparedStatement['bind']>[0]);
        const reader = await statement.runAndReadAll();
        return reader.getRowObjects().map((r) => toPlain(r) as T);
      });
    },
  };
}
