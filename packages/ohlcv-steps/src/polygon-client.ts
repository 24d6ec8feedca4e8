import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';

/** An HTTP answer worth retrying: 429 (the free tier allows 5 requests a minute) or a 5xx. */
export class PolygonRetryableError extends Error {
  override name = 'PolygonRetryable';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface PolygonClientOptions {
  baseUrl: string;
  apiKey: string;
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  fetchImpl?: typeof fetch;
}

/**
 * One grouped-daily call: GET /v2/aggs/grouped/locale/us/market/stocks/{date}?adjusted=true.
 * 429 and 5xx are retried with exponential backoff and jitter (cockatiel); other answers fail
 * at once with the status (the key never appears in a message).
 */
export function polygonClient(options: PolygonClientOptions) {
  const policy = retry(
    handleWhen((e) => e instanceof PolygonRetryableError || (e as Error).name === 'TypeError'),
    {
      maxAttempts: options.maxAttempts ?? 5,
      backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs ?? 1000, maxDelay: options.maxDelayMs ?? 30_000 }),
    },
  );
  const fetchImpl = options.fetchImpl ?? fetch;
  let requests = 0;
  return {
    get requests() {
      return requests;
    },
    async groupedDaily(date: string): Promise<unknown> {
      const url = new URL(`v2/aggs/grouped/locale/us/market/stocks/${date}`, options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
      url.searchParams.set('adjusted', 'true');
      url.searchParams.set('apiKey', options.apiKey);
      return policy.execute(async () => {
        requests++;
        const res = await fetchImpl(url, { signal: AbortSignal.timeout(30_000) });
        if (res.status === 429 || res.status >= 500) throw new PolygonRetryableError(res.status, `grouped-daily ${date}: HTTP ${res.status}`);
        if (!res.ok) throw new Error(`grouped-daily ${date}: HTTP ${res.status}`);
        return res.json();
      });
    },
  };
}
