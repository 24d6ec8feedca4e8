/**
 * A route module from outside the package, served next to house_fd's routes:
 *   npx tsx --import ./scripts/polyfills.mjs packages/api/examples/custom-route.ts .lake AAPL
 * (after `make demo`). Another package's routes (e.g. congress bills) are written the same way.
 */
import { z } from 'zod';
import { openLakeFromEnv } from '@medallion/lake';
import {
  ApiError,
  HOUSE_FD_ROUTES,
  createApi,
  defineRoute,
  notFound,
  openServing,
  type Api,
  type HttpEvent,
  type HttpResult,
  type RouteContext,
  type RouteModule,
} from '@medallion/api';

/** Who holds a ticker: trades per owner code (SP, JT, DC, or the filer). */
export const tickerOwners: RouteModule = defineRoute({
  path: '/v1/stocks/{ticker}/owners',
  summary: 'Trades of a ticker per owner (self, spouse, joint, dependent child).',
  params: z.strictObject({
    ticker: z.string().regex(/^[A-Za-z0-9.]{1,12}$/, 'must be a ticker'),
    min_trades: z
      .string()
      .regex(/^\d{1,4}$/)
      .optional(),
  }),
  async handle(p, ctx: RouteContext) {
    const minTrades = Number(p.min_trades ?? 1);
    if (minTrades < 1) throw new ApiError(400, 'invalid parameter min_trades: must be at least 1');
    const rows = await ctx.db.all(
      `SELECT coalesce(owner, 'self') AS owner, count(*)::INTEGER AS trades FROM trades_by_ticker
       WHERE ticker = ? AND NOT is_synthetic GROUP BY ALL HAVING count(*) >= ? ORDER BY trades DESC, owner`,
      [p.ticker.toUpperCase(), minTrades],
    );
    if (rows.length === 0) throw notFound(`ticker ${p.ticker}`);
    return { ticker: p.ticker.toUpperCase(), gold_version: ctx.gold.version, owners: rows };
  },
});

export async function get(api: Api, path: string, query = ''): Promise<HttpResult> {
  const event: HttpEvent = { rawPath: path, rawQueryString: query, requestContext: { http: { method: 'GET' } } };
  return api.handle(event);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [lake = '.lake', ticker = 'AAPL'] = process.argv.slice(2);
  const serving = await openServing({ lake: openLakeFromEnv({ MEDALLION_LAKE_URI: lake }) });
  const api = createApi({ routes: [...HOUSE_FD_ROUTES, tickerOwners], serving });
  const res = await get(api, `/v1/stocks/${ticker}/owners`);
  console.log(res.statusCode, res.body);
  serving.close();
}
