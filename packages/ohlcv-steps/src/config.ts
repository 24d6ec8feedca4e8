import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openLakeFromEnv, type ObjectStore } from '@medallion/lake';
import { perConfiguration } from '@medallion/runtime';
import { z } from 'zod';
import { openPostgres, type SqlDb } from './pg/db';
import { migrate } from './pg/migrate';
import { type LoopbackServer, startDemoPolygonServer } from './polygon-server';

/**
 * What the ohlcv functions read from their environment (Terraform sets it in AWS; the local
 * runner from the lake directory). Secrets are never plain variables in AWS: the Polygon key is
 * an SSM SecureString (OHLCV_POLYGON_API_KEY_PARAMETER) and the database credentials a Secrets
 * Manager secret (OHLCV_PG_SECRET_ARN), both read through Powertools parameters (cached).
 */
const envSchema = z.object({
  OHLCV_PG_URL: z.string().optional(),
  OHLCV_PG_SECRET_ARN: z.string().optional(),
  OHLCV_PG_HOST: z.string().optional(),
  OHLCV_PG_PORT: z.coerce.number().int().positive().default(5432),
  OHLCV_PG_DATABASE: z.string().default('medallion'),
  OHLCV_POLYGON_BASE_URL: z.string().default('https://api.polygon.io'),
  OHLCV_POLYGON_API_KEY_PARAMETER: z.string().optional(),
  OHLCV_POLYGON_API_KEY_FILE: z.string().optional(),
  OHLCV_LOOPBACK_HISTORY_DIR: z.string().optional(),
  OHLCV_BACKFILL_FROM: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  OHLCV_AS_OF: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  OHLCV_MAX_REQUESTS_PER_RUN: z.coerce.number().int().positive().default(5),
  OHLCV_CHUNK_WAIT_SECONDS: z.coerce.number().int().nonnegative().default(60),
  OHLCV_RETRY_INITIAL_DELAY_MS: z.coerce.number().int().nonnegative().default(2000),
  /** DuckDB's memory limit for the resampler: a full rebuild holds every interval's bars and spills past it (22.6M days: ~1.25 GB peak RSS at 800MB, ~24 s). */
  OHLCV_DUCKDB_MEMORY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?(MB|GB|MiB|GiB)$/, 'a size such as 1200MB or 2GB')
    .default('800MB'),
});

export type OhlcvEnv = z.infer<typeof envSchema>;

export function ohlcvEnv(env: Record<string, string | undefined> = process.env): OhlcvEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`ohlcv configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export const lakeFromEnv = perConfiguration((env) => openLakeFromEnv(env));

const DEFAULT_LOCAL_PG = 'pglite://.lake/.pglite';

async function connect(env: OhlcvEnv): Promise<SqlDb> {
  let db: SqlDb;
  if (env.OHLCV_PG_SECRET_ARN) {
    const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
    // The RDS-managed secret holds username and password; Terraform passes host, port and database.
    const secret = (await getSecret(env.OHLCV_PG_SECRET_ARN, { transform: 'json', maxAge: 300 })) as Record<string, string | number> | undefined;
    const host = env.OHLCV_PG_HOST ?? secret?.host;
    if (!host || !secret?.username || !secret.password) throw new Error('the database secret has no username or password, or OHLCV_PG_HOST is not set');
    const { openPg } = await import('./pg/db');
    db = openPg({
      host: String(host),
      port: Number(secret.port ?? env.OHLCV_PG_PORT),
      user: String(secret.username),
      password: String(secret.password),
      database: String(secret.dbname ?? env.OHLCV_PG_DATABASE),
      // RDS forces TLS (rds.force_ssl); its CA bundle is not in the Lambda image, so the server certificate is not pinned.
      ssl: { rejectUnauthorized: false },
    });
  } else db = await openPostgres(env.OHLCV_PG_URL ?? DEFAULT_LOCAL_PG);
  await migrate(db);
  return db;
}

const databases = new Map<string, Promise<SqlDb>>();

/** The database, connected and migrated once per configuration (once per Lambda container; once per lake locally). */
export function postgresFromEnv(env: Record<string, string | undefined> = process.env): Promise<SqlDb> {
  const config = ohlcvEnv(env);
  const key = config.OHLCV_PG_SECRET_ARN ?? config.OHLCV_PG_URL ?? DEFAULT_LOCAL_PG;
  let db = databases.get(key);
  if (!db) {
    db = connect(config);
    databases.set(key, db);
    db.catch(() => databases.delete(key)); // a failed connection is retried by the next call
  }
  return db;
}

/** Close every database and the loopback server this process opened (local runs and tests; a PGlite directory admits one process). */
export async function closeOhlcvConnections(): Promise<void> {
  const open = [...databases.values()];
  databases.clear();
  for (const db of open) await (await db.catch(() => null))?.close();
  await closeLoopback();
}

/** The Polygon key: SSM (Powertools, decrypted, cached 5 minutes) in AWS; a local parameter file otherwise. */
export async function polygonApiKey(env: OhlcvEnv): Promise<string> {
  if (env.OHLCV_POLYGON_API_KEY_PARAMETER) {
    const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
    const key = await getParameter(env.OHLCV_POLYGON_API_KEY_PARAMETER, { decrypt: true, maxAge: 300 });
    if (!key) throw new Error(`SSM parameter ${env.OHLCV_POLYGON_API_KEY_PARAMETER} holds no Polygon key`);
    return key;
  }
  if (env.OHLCV_POLYGON_API_KEY_FILE) return (await readFile(env.OHLCV_POLYGON_API_KEY_FILE, 'utf8')).trim();
  if (env.OHLCV_POLYGON_BASE_URL === 'loopback') return 'loopback';
  throw new Error('no Polygon API key: set OHLCV_POLYGON_API_KEY_PARAMETER (SSM) or, locally, OHLCV_POLYGON_API_KEY_FILE');
}

/**
 * OHLCV_POLYGON_BASE_URL=loopback: a grouped-daily server in this process serving the daily CSVs
 * of OHLCV_LOOPBACK_HISTORY_DIR (`orcl-1995-2014.csv` → ORCL) plus generated symbols.
 */
let loopback: Promise<LoopbackServer> | undefined;

export async function polygonBaseUrl(env: OhlcvEnv): Promise<string> {
  if (env.OHLCV_POLYGON_BASE_URL !== 'loopback') return env.OHLCV_POLYGON_BASE_URL;
  loopback ??= (async () => {
    const dir = env.OHLCV_LOOPBACK_HISTORY_DIR;
    const csvs: Record<string, string> = {};
    if (dir) for (const f of (await readdir(dir)).filter((n) => n.endsWith('.csv'))) csvs[f.split(/[-.]/)[0]!.toUpperCase()] = join(dir, f);
    return startDemoPolygonServer(csvs);
  })();
  return (await loopback).url;
}

export async function closeLoopback(): Promise<void> {
  const server = loopback;
  loopback = undefined;
  await (await server)?.close();
}

export type Lake = ObjectStore;
