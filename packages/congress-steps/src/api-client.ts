import type { ResiliencePolicy } from '@medallion/circuit-breaker';
import type { Clock } from './clock';
import type { TokenBucket } from './token-bucket';

export interface ApiClientOptions {
  /** e.g. https://api.congress.gov (paths start with /v3). */
  baseUrl: string;
  apiKey: string;
  bucket: TokenBucket;
  /** The platform's circuit breaker (@medallion/circuit-breaker) around each unit of work; its own retry at 1 attempt. */
  breaker: ResiliencePolicy;
  clock: Clock;
  /** Attempts per request, the first included, for 429, 5xx, timeouts and network errors. */
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** 429 answers waited out per request before they count as failed attempts. */
  maxRateLimitedWaits?: number;
  /** Per request (AbortSignal.timeout); a timeout is retried like a 5xx. */
  requestTimeoutMs?: number;
  /** Below this X-RateLimit-Remaining, the shared bucket is lowered to what the API says is left. */
  remainingFloor?: number;
  random?: () => number;
}

/** The API answered 5xx: the dependency is failing (retried, counted by the breaker). */
export class ApiServerError extends Error {
  override name = 'ApiServerError';
}
/** The API answered 429: retried after Retry-After. */
class RateLimitedError extends Error {
  override name = 'RateLimited';
  constructor(readonly retryAfterMs: number) {
    super(`rate limited; retry after ${retryAfterMs} ms`);
  }
}
/** A 4xx other than 429: our request is wrong (a bad path, a bad key); not retried. */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly path: string,
  ) {
    super(`GET ${path} → HTTP ${status}`);
  }
}
/** Every attempt failed: the Lambda fails and Step Functions retries the state later. */
export class ApiUnavailableError extends Error {
  override name = 'SourceUnavailable';
}

/** Errors that mean the API is failing (counted by the breaker): 5xx, timeouts, connection errors after every retry. */
export const isApiFailure = (error: unknown): boolean => !(error instanceof ApiRequestError);

export interface ApiClient {
  /**
   * GET a JSON resource, retried here (429 after Retry-After; 5xx, timeouts and connection errors with
   * exponential backoff and full jitter). `prepaid`: the first attempt's token was taken by `guarded`.
   */
  getJson(path: string, query?: Record<string, string | number>, options?: { prepaid?: boolean }): Promise<unknown>;
  /**
   * Run one unit of work (a list page, a bill's six resources) through the circuit breaker, after
   * taking `tokens` from the shared bucket in one write (the requests inside pass `prepaid`).
   */
  guarded<T>(tokens: number, work: () => Promise<T>): Promise<T>;
}

/**
 * A rate-limited, retrying GET client for a JSON API with a per-key hourly budget. Every attempt
 * is paid for with a token from the shared DynamoDB bucket, so concurrent fetchers together stay
 * within the budget; X-RateLimit-Remaining lowers the bucket. The waits use the injected clock (a
 * simulated one in tests), so the retries are ours; the breaker (cockatiel + DynamoDB state) wraps
 * a unit of work with its retries, as @medallion/circuit-breaker expects.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const maxAttempts = options.maxAttempts ?? 6;
  const initialDelayMs = options.initialDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 20_000;
  const maxRateLimitedWaits = options.maxRateLimitedWaits ?? 30;
  const floor = options.remainingFloor ?? 100;
  const random = options.random ?? Math.random;
  const base = options.baseUrl.replace(/\/$/, '');

  async function attempt(url: string, path: string): Promise<unknown> {
    const res = await fetch(url, { signal: AbortSignal.timeout(requestTimeoutMs), headers: { 'x-api-key': options.apiKey, accept: 'application/json' } });
    const remaining = Number(res.headers.get('x-ratelimit-remaining'));
    if (res.headers.has('x-ratelimit-remaining') && remaining < floor) await options.bucket.limitTo(remaining);
    if (res.status === 429) {
      await res.body?.cancel();
      throw new RateLimitedError(Math.max(0, Number(res.headers.get('retry-after') ?? 60)) * 1000);
    }
    if (res.status >= 500) {
      await res.body?.cancel();
      throw new ApiServerError(`GET ${path} → HTTP ${res.status}`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ApiRequestError(res.status, path);
    }
    return res.json();
  }

  return {
    async getJson(path, query = {}, { prepaid = false } = {}) {
      const qs = new URLSearchParams({ format: 'json', ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) });
      const url = `${base}${path}?${qs}`;
      let lastError: unknown;
      let rateLimited = 0;
      for (let n = 0; n < maxAttempts; n++) {
        if (n > 0 || rateLimited > 0 || !prepaid) await options.bucket.take(1);
        try {
          return await attempt(url, path);
        } catch (error) {
          if (error instanceof ApiRequestError) throw error;
          lastError = error;
          if (error instanceof RateLimitedError) {
            // Not a failure of the API: waited out (every fetcher, through the bucket) without using an attempt, up to a cap.
            if (++rateLimited <= maxRateLimitedWaits) n--;
            await options.bucket.limitTo(0);
            await options.clock.sleep(error.retryAfterMs);
          } else {
            // Full jitter: a random wait in [0, min(max, initial·2^n)).
            await options.clock.sleep(Math.floor(random() * Math.min(maxDelayMs, initialDelayMs * 2 ** n)));
          }
        }
      }
      throw new ApiUnavailableError(`GET ${path}: ${maxAttempts} attempts failed; last: ${(lastError as Error)?.message ?? lastError}`);
    },
    async guarded(tokens, work) {
      await options.bucket.take(tokens);
      return options.breaker.execute(() => work());
    },
  };
}
