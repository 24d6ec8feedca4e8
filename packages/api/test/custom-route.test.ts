/** A route module defined outside the package (examples/custom-route.ts) is served by the same router. */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createApi } from '../src/router';
import { HOUSE_FD_ROUTES } from '../src/routes/index';
import { get, tickerOwners } from '../examples/custom-route';
import { testApi, type TestApi } from './helpers/api';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
}, 60_000);
afterAll(() => t.serving.close());

it('serves a registered route module with the same validation and shaping', async () => {
  const api = createApi({ routes: [...HOUSE_FD_ROUTES, tickerOwners], serving: t.serving });
  const ok = await get(api, '/v1/stocks/nvda/owners');
  expect([ok.statusCode, JSON.parse(ok.body)]).toEqual([
    200,
    {
      ticker: 'NVDA',
      gold_version: expect.stringMatching(/^000002-/),
      owners: [
        { owner: 'SP', trades: 1 },
        { owner: 'self', trades: 1 },
      ],
    },
  ]);
  expect(ok.headers.etag).toMatch(/^"000002-/);
  expect((await get(api, '/v1/stocks/NVDA/owners', 'min_trades=0')).statusCode).toBe(400);
  expect((await get(api, '/v1/stocks/NVDA/owners', 'x=1')).body).toBe('{"error":"unknown parameter x"}');
  expect((await get(api, '/v1/stocks/ZZZ/owners')).statusCode).toBe(404);
  expect((await get(api, '/v1/members/A000001')).statusCode).toBe(200);
});
