import { z } from 'zod';
import { createApi, HOUSE_FD_ROUTES, openServing } from '@medallion/api';
import { CONGRESS_ROUTES } from '@medallion/correlation-steps';
import { openLakeFromEnv } from '@medallion/lake';
import { Logger } from '@aws-lambda-powertools/logger';
import { defineHandler } from '@medallion/runtime';

const SERVICE = 'api';
const log = new Logger({ serviceName: SERVICE, logLevel: (process.env.LOG_LEVEL ?? 'INFO') as 'INFO' });

// Init, once per container (and ahead of traffic under provisioned concurrency): one DuckDB
// instance, and the current gold version staged and attached before the first request.
const ready = (async () => {
  const serving = await openServing({
    lake: openLakeFromEnv(),
    workDir: '/tmp/medallion-serving',
    // A build of a large gold does not fit a request: until UpdateCache has run, answer 503.
    buildIfMissing: false,
    checkIntervalMs: Number(process.env.API_GOLD_CHECK_MS ?? 1000),
    threads: Number(process.env.API_DUCKDB_THREADS ?? 2),
  });
  await serving.current().catch((err: Error) => log.warn('no gold version at init', { error: err.message }));
  return createApi({
    routes: [...HOUSE_FD_ROUTES, ...CONGRESS_ROUTES],
    serving,
    corsOrigin: process.env.API_CORS_ORIGIN,
    onError: (err, event) => log.error('request failed', { error: err as Error, path: event.rawPath }),
  });
})();
ready.catch(() => undefined); // reported by the first request that awaits it

/** API Gateway HTTP API (payload format 2.0): only what the router reads is required. */
const httpEvent = z
  .object({
    rawPath: z.string(),
    rawQueryString: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    requestContext: z.object({ http: z.object({ method: z.string() }) }).loose(),
  })
  .loose();

export const handler = defineHandler({
  service: SERVICE,
  event: httpEvent,
  handler: async (event) => (await ready).handle(event),
});
