import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generatedFiling } from '@medallion/lobbying';

export type LdaFault = 'none' | '429' | '500' | 'timeout';

export interface LdaSimulatorOptions {
  /** Filings per year served (generated). */
  perYear: Record<number, number>;
  /** Bill references the generated activity descriptions mention (e.g. "H.R. 21"). */
  bills?: string[];
  faults?: (n: number) => LdaFault;
  /** Extra filings (e.g. recorded or hand-written ones) served for their filing_year. */
  extra?: Record<string, unknown>[];
}

/**
 * The Senate LDA REST API `/api/v1/filings/` (filing_year, filing_period, page, page_size ≤ 25, `next`
 * links), simulated on loopback with generated filings, X-RateLimit headers and injectable 429, 500 and
 * timeouts. The base URL is configurable in the pipeline (the Senate endpoint is being replaced).
 */
export async function startLdaSimulator(options: LdaSimulatorOptions, listen: { unref?: boolean } = {}) {
  const requests: { path: string; status: number | 'timeout' }[] = [];
  const all = [
    ...Object.entries(options.perYear).flatMap(([year, n]) => Array.from({ length: n }, (_, i) => generatedFiling(i, Number(year), { bills: options.bills }))),
    ...(options.extra ?? []),
  ];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fault = options.faults?.(requests.length) ?? 'none';
    if (fault === 'timeout') {
      requests.push({ path: url.pathname, status: 'timeout' });
      return; // never answers; the client's timeout fires
    }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ path: url.pathname, status });
      res.writeHead(status, { 'content-type': 'application/json', 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '100', ...headers });
      res.end(JSON.stringify(body));
    };
    if (fault === '429') return send(429, { detail: 'Request was throttled.' }, { 'retry-after': '0' });
    if (fault === '500') return send(500, { detail: 'Server Error' });
    if (url.pathname !== '/api/v1/filings/') return send(404, { detail: 'Not found.' });
    const year = Number(url.searchParams.get('filing_year'));
    const period = url.searchParams.get('filing_period');
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const size = Math.min(25, Math.max(1, Number(url.searchParams.get('page_size') ?? 25)));
    const matching = all.filter((f) => f.filing_year === year && (!period || f.filing_period === period));
    const results = matching.slice((page - 1) * size, page * size);
    const next =
      page * size < matching.length
        ? `http://${req.headers.host}/api/v1/filings/?filing_year=${year}${period ? `&filing_period=${period}` : ''}&page=${page + 1}&page_size=${size}`
        : null;
    send(200, { count: matching.length, next, previous: null, results });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (listen.unref) server.unref();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
