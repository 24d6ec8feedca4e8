/**
 * docs/openapi.yaml against the routes that exist: a valid OpenAPI 3.1 document, the same
 * paths, the same parameters per route as its zod schema, and each 200 schema's required
 * properties present in a real answer from the fixture lake.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { parse } from 'yaml';
import { HOUSE_FD_ROUTES } from '../src/routes/index';
import { testApi, type TestApi } from './helpers/api';

type Obj = Record<string, unknown>;
const SPEC_FILE = join(import.meta.dirname, '../../../docs/openapi.yaml');
const spec = parse(readFileSync(SPEC_FILE, 'utf8')) as Obj & { paths: Record<string, { get: Obj }> };

/** Follow a local $ref (#/components/...). */
function deref<T = Obj>(node: unknown): T {
  let n = node as Obj;
  while (n && typeof n.$ref === 'string')
    n = (n.$ref as string)
      .slice(2)
      .split('/')
      .reduce<Obj>((o, k) => o[k] as Obj, spec);
  return n as T;
}

/** The object schema's required properties, through allOf. */
function requiredOf(schema: Obj): string[] {
  const s = deref(schema);
  return [...((s.required as string[]) ?? []), ...((s.allOf as Obj[]) ?? []).flatMap(requiredOf)];
}

/** The keys a route's zod schema accepts (a strict object, possibly with a refinement). */
function schemaKeys(route: (typeof HOUSE_FD_ROUTES)[number]): string[] {
  const s = route.params as unknown as { shape?: Obj; def?: { in?: { shape?: Obj } } };
  return Object.keys(s.shape ?? s.def?.in?.shape ?? {}).sort();
}

const EXAMPLES: Record<string, string> = {
  '/v1/members': '/v1/members?q=adams',
  '/v1/members/{bioguide_id}': '/v1/members/A000001',
  '/v1/members/{bioguide_id}/trades': '/v1/members/A000001/trades',
  '/v1/members/{bioguide_id}/stats': '/v1/members/A000001/stats',
  '/v1/transactions/recent': '/v1/transactions/recent',
  '/v1/stocks/{ticker}/trades': '/v1/stocks/AAPL/trades',
  '/v1/filings/{doc_id}': '/v1/filings/10000001',
  '/v1/trending-stocks': '/v1/trending-stocks?window=90d',
  '/v1/top-traders': '/v1/top-traders',
  '/v1/analytics/summary': '/v1/analytics/summary',
  '/v1/health': '/v1/health',
};

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
}, 60_000);
afterAll(() => t.serving.close());

describe('docs/openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(spec.openapi).toBe('3.1.0');
  });

  it('documents exactly the routes that exist', () => {
    // The deployed API (functions/api) also serves correlation-steps' routes: scripts/test/congress-pipelines.test.ts
    // checks those paths and parameters against the same document.
    const congress = ['/v1/bills/{id}', '/v1/bills/{id}/trades', '/v1/members/{id}/network', '/v1/correlations'];
    expect(Object.keys(spec.paths).sort()).toEqual([...HOUSE_FD_ROUTES.map((r) => r.path), ...congress].sort());
  });

  it.each(HOUSE_FD_ROUTES.map((r) => [r.path, r] as const))(
    '%s: the same parameters as its zod schema; a real answer has every required property',
    async (path, route) => {
      const op = spec.paths[path]!.get;
      const params = ((op.parameters as Obj[]) ?? []).map((p) => deref(p).name as string).sort();
      expect(params).toEqual(schemaKeys(route));
      const answer = (await t.json(EXAMPLES[path]!)) as Obj;
      const ok = deref<Obj>((deref<Obj>((op.responses as Obj)['200']).content as Obj)['application/json']);
      const schema = deref(ok.schema);
      expect(Object.keys(answer)).toEqual(expect.arrayContaining(requiredOf(schema)));
      const list = Object.values(answer).find((v): v is Obj[] => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object');
      const listSchema = Object.values(((schema.properties as Obj) ?? {}) as Record<string, Obj>).find(
        (p) => p.type === 'array' && (p.items as Obj)?.$ref !== undefined,
      );
      if (list && listSchema) expect(Object.keys(list[0]!).sort()).toEqual(Object.keys(deref<Obj>(listSchema.items).properties as Obj).sort());
    },
  );
});
