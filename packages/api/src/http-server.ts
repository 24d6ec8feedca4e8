/**
 * `lake api serve`: the same router as the Lambda, over node:http. Each request becomes the
 * API Gateway HTTP API (payload 2.0) event the function receives, so local and AWS answers
 * are the same code.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openLakeFromEnv } from '@medallion/lake';
import type { RouteModule } from './route';
import { createApi, type Api, type HttpEvent } from './router';
import { HOUSE_FD_ROUTES } from './routes/index';
import { openServing, type ServingSource } from './serving';

export interface LocalApi {
  url: string;
  api: Api;
  close(): Promise<void>;
}

/** The event API Gateway would send for this request (rawPath stays percent-encoded, as there). */
export function toHttpEvent(req: IncomingMessage): HttpEvent {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  return {
    rawPath: q < 0 ? url : url.slice(0, q),
    rawQueryString: q < 0 ? '' : url.slice(q + 1),
    headers,
    requestContext: { http: { method: req.method ?? 'GET' } },
  };
}

export async function serveApi(options: {
  lake: string;
  port: number;
  host?: string;
  /** Route modules served besides house_fd's (e.g. the congress routes of correlation-steps). */
  extraRoutes?: RouteModule[];
  onError?: (err: unknown) => void;
}): Promise<LocalApi> {
  const serving: ServingSource = await openServing({ lake: openLakeFromEnv({ MEDALLION_LAKE_URI: options.lake }) });
  const api = createApi({ routes: [...HOUSE_FD_ROUTES, ...(options.extraRoutes ?? [])], serving, onError: options.onError });
  const server: Server = createServer((req, res) => {
    api.handle(toHttpEvent(req)).then(
      (r) => {
        res.writeHead(r.statusCode, r.headers);
        res.end(r.body);
      },
      (err) => {
        options.onError?.(err);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":"internal error"}');
      },
    );
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    api,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      serving.close();
    },
  };
}

/** curl commands for real ids of this lake (a member with trades, their ticker, a filing). */
export async function exampleRequests(api: Api, base: string): Promise<string[]> {
  const get = async (path: string, query = '') => {
    const r = await api.handle({ rawPath: path, rawQueryString: query, requestContext: { http: { method: 'GET' } } });
    return r.statusCode === 200 ? (JSON.parse(r.body) as Record<string, unknown>) : null;
  };
  const recent = (await get('/v1/transactions/recent', 'limit=50')) ?? (await get('/v1/transactions/recent', 'limit=50&include_synthetic=true'));
  const trades = (recent?.trades ?? []) as { bioguide_id: string | null; ticker: string | null; doc_id: string }[];
  const synthetic = recent && !(await get('/v1/transactions/recent', 'limit=1'))?.trades ? '&include_synthetic=true' : '';
  const member = trades.find((t) => t.bioguide_id)?.bioguide_id;
  const ticker = trades.find((t) => t.ticker)?.ticker;
  const doc = trades[0]?.doc_id;
  const paths = ['/v1/health', '/v1/transactions/recent?limit=5', '/v1/trending-stocks?window=30d', '/v1/top-traders?days=90', '/v1/analytics/summary'];
  if (member) paths.push(`/v1/members/${member}`, `/v1/members/${member}/trades?limit=10`, `/v1/members/${member}/stats`);
  if (ticker) paths.push(`/v1/stocks/${encodeURIComponent(ticker)}/trades?limit=10`);
  if (doc) paths.push(`/v1/filings/${doc}`);
  return paths.map((p) => `curl -s '${base}${p}${synthetic && p.includes('trades') ? synthetic : ''}'`);
}
