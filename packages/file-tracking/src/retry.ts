import type { RetryOptions } from './types';

/** Error names DynamoDB (or the network under it) uses for "try again later"; a retry is safe for our writes. */
const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

export function isRetryable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $retryable?: unknown } | undefined;
  return !!e && (RETRYABLE.has(e.name ?? '') || RETRYABLE.has(e.code ?? '') || !!e.$retryable);
}

/** Exponential backoff with full jitter: a random delay in [0, min(max, base·2^attempt)). */
export function backoffDelay(attempt: number, options: RetryOptions = {}, random: () => number = Math.random): number {
  const base = options.baseDelayMs ?? 50;
  const max = options.maxDelayMs ?? 5000;
  return Math.floor(random() * Math.min(max, base * 2 ** attempt));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Run `fn` again on a retryable error, up to maxAttempts (default 5). The SDK retries too; this covers what
 * reaches us anyway (its attempts exhausted, a client built with maxAttempts 1). Every write retried through
 * here is conditional, so a retry of a write that did land is recognised by its caller, never applied twice.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt + 1 >= maxAttempts || !isRetryable(err)) throw err;
      await sleep(backoffDelay(attempt, options));
    }
  }
}

/** Map with at most `limit` calls in flight (results in input order). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
