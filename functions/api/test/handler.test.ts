/** The API function as API Gateway calls it (payload 2.0), configured by environment only, over a fixture lake. */
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { buildFixtureLake } from '../../../packages/api/test/helpers/fixture-lake';
import { publish } from '../../../packages/api/test/helpers/api';

const saved = { ...process.env };
let handler: (event: unknown, context: Context) => Promise<unknown>;

beforeAll(async () => {
  const lake = await buildFixtureLake();
  await publish(lake);
  Object.assign(process.env, { MEDALLION_LAKE_URI: lake, LOG_LEVEL: 'ERROR', API_GOLD_CHECK_MS: '0' });
  ({ handler } = (await import('../src/index')) as unknown as { handler: typeof handler });
}, 60_000);
afterAll(() => {
  process.env = saved;
});

const event = (rawPath: string, rawQueryString = '') => ({
  version: '2.0',
  routeKey: '$default',
  rawPath,
  rawQueryString,
  headers: { host: 'api.example.com' },
  requestContext: { http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' }, stage: '$default' },
  isBase64Encoded: false,
});

it('answers API Gateway events with the router’s response', async () => {
  const ok = (await handler(event('/v1/members/C000003/trades', 'limit=1'), {} as Context)) as {
    statusCode: number;
    body: string;
    headers: Record<string, string>;
  };
  expect(ok.statusCode).toBe(200);
  expect(JSON.parse(ok.body).trades[0].transaction_id).toBe('10000003-002');
  expect(ok.headers.etag).toMatch(/^"000002-/);
  const bad = (await handler(event('/v1/trending-stocks', 'window=1y'), {} as Context)) as { statusCode: number; body: string };
  expect([bad.statusCode, JSON.parse(bad.body)]).toEqual([400, { error: 'invalid parameter window: must be 7d, 30d or 90d' }]);
});
