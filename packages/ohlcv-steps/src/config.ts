import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openLakeFromEnv, type ObjectStore } from '@medallion/lake';
import { perConfiguration } from '@medallion/runtime';
import { z } from 'zod';
import { openPostgres, type SqlDb } from './pg/db';
import { migrate } from './pg/migrate';
import { startDemoPolygonServer } from './polygon-server';

/**
 * What the ohlcv functions read from their environment (Terraform sets it in AWS; the local
 * runner from the lake directory). Secrets are never plain variables in AWS: the Polygon key is
 * an SSM SecureString (OHLCV_POLYGON_API_KEY_PARAMETER) and the database credentials a Secrets
 * Manager secret (OHLCV_PG_SECRET_ARN), both read through Powertools parameters (cached).
 */
const envSchema = z.object({
  OHLCV_PG_URL: z.string().optional(),
  OHLCV_PG_SECRET_ARN: z.string().optional(),
  OHLCV_POLYGON_BASE_URL: z.string().default('https://api.polygon.io'),
  OHLCV_POLYGON_API_KEY_PARAMETER: z.string().optional(),
  OHLCV_POLYGON_API_KEY_FILE: z.string().optional(),
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
    const secret = (await getSecret(env.OHLCV_PG_SECRET_ARN, { transform: 'json', maxAge: 300 })) as Record<string, string | number> | undefined;
    if (!secret?.host || !secret.username || !secret.password) throw new Error('the database secret has no host, username or password');
    const { openPg } = await import('./pg/db');
    db = openPg({
      host: String(secret.host),
      port: Number(secret.port ?? 5432),
      user: String(secret.username),
      password: String(secret.password),
      database: String(secret.dbname ?? 'medallion'),
      ssl: { rejectUnauthorized: false },
    });
  } else db = await openPostgres(env.OHLCV_PG_URL ?? DEFAULT_LOCAL_PG);
  await migrate(db);
  return db;
}

/** The database, connected and migrated once per configuration (once per Lambda container). */
export const postgresFromEnv = perConfiguration((env) => connect(ohlcvEnv(env)));

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

const SAMPLE_ORCL = fileURLToPath(new URL('../../../sample-data/ohlcv/orcl-1995-2014.csv', import.meta.url));

/** OHLCV_POLYGON_BASE_URL=loopback: a grouped-daily server in this process (bundled ORCL history + generated symbols). */
const loopback = perConfiguration(() => startDemoPolygonServer({ ORCL: SAMPLE_ORCL }), 1);

export async function polygonBaseUrl(env: OhlcvEnv): Promise<string> {
  return env.OHLCV_POLYGON_BASE_URL === 'loopback' ? (await loopback({})).url : env.OHLCV_POLYGON_BASE_URL;
}

export async function closeLoopback(): Promise<void> {
  await (await loopback({})).close();
}

export type Lake = ObjectStore;
