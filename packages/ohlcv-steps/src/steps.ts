import { type Duck, openDuck } from '@medallion/duck';
import { lastSettledSession } from '@medallion/ohlcv';
import { z } from 'zod';
import { lakeFromEnv, ohlcvEnv, polygonApiKey, polygonBaseUrl, postgresFromEnv } from './config';
import { type FetchResult, fetchDaily } from './fetch';
import { applyRetention, type RetentionResult } from './pg/retention';
import { polygonClient } from './polygon-client';
import { type ResampleResult, resample } from './resample';

type Env = Record<string, string | undefined>;

/** The events the three tasks accept (the state machine passes these; an EventBridge schedule sends {}). */
export const fetchEventSchema = z.object({ asOf: z.iso.date().optional() }).strict();
export const resampleEventSchema = z.object({ full: z.boolean().optional() }).strict();
export const retentionEventSchema = z.object({ asOf: z.iso.date().optional(), batchSize: z.number().int().positive().max(100_000).optional() }).strict();

/** Fetch: the next chunk of grouped-daily sessions into bronze and PostgreSQL. */
export async function runFetch(event: z.infer<typeof fetchEventSchema>, env: Env = process.env): Promise<FetchResult> {
  const config = ohlcvEnv(env);
  const client = polygonClient({
    baseUrl: await polygonBaseUrl(config),
    apiKey: await polygonApiKey(config),
    initialDelayMs: config.OHLCV_RETRY_INITIAL_DELAY_MS,
  });
  const asOf = event.asOf ?? config.OHLCV_AS_OF;
  return fetchDaily({
    lake: lakeFromEnv(env),
    db: await postgresFromEnv(env),
    client,
    backfillFrom: config.OHLCV_BACKFILL_FROM ?? lastSettledSession(new Date()),
    ...(asOf ? { asOf } : {}),
    maxRequests: config.OHLCV_MAX_REQUESTS_PER_RUN,
    waitSeconds: config.OHLCV_CHUNK_WAIT_SECONDS,
  });
}

/**
 * The resampler's DuckDB: two threads, the configured memory limit (it spills past it), and no external file cache
 * (a full rebuild reads bronze once: caching its blocks would only hold memory the bars need).
 */
export async function openResampleDuck(env: Env = process.env): Promise<Duck> {
  const duck = await openDuck({ threads: 2, memoryLimit: ohlcvEnv(env).OHLCV_DUCKDB_MEMORY_LIMIT });
  await duck.run('SET enable_external_file_cache = false');
  return duck;
}

/** Resample: bronze changes since the last run into silver_Nd (or a full rebuild). */
export async function runResample(event: z.infer<typeof resampleEventSchema>, env: Env = process.env): Promise<ResampleResult> {
  const duck = await openResampleDuck(env);
  try {
    return await resample(lakeFromEnv(env), duck, { full: event.full === true });
  } finally {
    duck.close();
  }
}

/** Retention: raw_ohlcv rows older than 5 years + 1 month into raw_ohlcv_archive. */
export async function runRetention(event: z.infer<typeof retentionEventSchema>, env: Env = process.env): Promise<RetentionResult> {
  const config = ohlcvEnv(env);
  const asOf = event.asOf ?? config.OHLCV_AS_OF ?? lastSettledSession(new Date());
  return applyRetention(await postgresFromEnv(env), { asOf, ...(event.batchSize ? { batchSize: event.batchSize } : {}) });
}
