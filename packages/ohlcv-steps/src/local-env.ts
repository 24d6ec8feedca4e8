import { join } from 'node:path';

/**
 * The functions' environment for a local run on a lake directory: PGlite inside the lake, the
 * loopback grouped-daily server (bundled ORCL history + generated symbols, with 429s and 5xx),
 * the bundled history's last month as the backfill, no wait between chunks. Each variable can be
 * overridden from the caller's environment (e.g. OHLCV_POLYGON_BASE_URL and
 * OHLCV_POLYGON_API_KEY_FILE for the real API).
 */
export function localOhlcvEnv(lakeDir: string, lakeUri: string, sourceDir: string, logLevel: string): Record<string, string> {
  const pick = (name: string, fallback: string) => process.env[name] ?? fallback;
  const env: Record<string, string> = {
    MEDALLION_LAKE_URI: lakeUri,
    LOG_LEVEL: logLevel,
    OHLCV_PG_URL: pick('OHLCV_PG_URL', `pglite://${join(lakeDir, '.pglite')}`),
    OHLCV_POLYGON_BASE_URL: pick('OHLCV_POLYGON_BASE_URL', 'loopback'),
    OHLCV_LOOPBACK_HISTORY_DIR: sourceDir,
    OHLCV_BACKFILL_FROM: pick('OHLCV_BACKFILL_FROM', '2014-12-01'),
    OHLCV_AS_OF: pick('OHLCV_AS_OF', '2014-12-31'),
    OHLCV_MAX_REQUESTS_PER_RUN: pick('OHLCV_MAX_REQUESTS_PER_RUN', '5'),
    OHLCV_CHUNK_WAIT_SECONDS: pick('OHLCV_CHUNK_WAIT_SECONDS', '0'),
    OHLCV_RETRY_INITIAL_DELAY_MS: pick('OHLCV_RETRY_INITIAL_DELAY_MS', '20'),
  };
  if (process.env.OHLCV_POLYGON_API_KEY_FILE) env.OHLCV_POLYGON_API_KEY_FILE = process.env.OHLCV_POLYGON_API_KEY_FILE;
  return env;
}
