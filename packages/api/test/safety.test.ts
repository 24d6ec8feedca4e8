/**
 * Hostile input: every injection attempt is a 400 naming the parameter, and changes nothing
 * (the lake's bytes and the answers are the same afterwards). SQL in the package is never
 * built from values. Unexpected errors never show a stack or a path.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { localStore } from '@medallion/lake';
import { createApi } from '../src/router';
import { defineRoute } from '../src/route';
import { openServing } from '../src/serving';
import { testApi, type TestApi } from './helpers/api';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
}, 60_000);
afterAll(() => t.serving.close());

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}
const lakeDigest = () =>
  createHash('sha256')
    .update(
      files(t.lakeDir)
        .filter((f) => !f.includes('/.tmp/'))
        .sort()
        .map((f) => `${relative(t.lakeDir, f)}:${createHash('md5').update(readFileSync(f)).digest('hex')}`)
        .join('\n'),
    )
    .digest('hex');

const ATTACKS: [url: string, parameter: string][] = [
  ["/v1/members/A000001'%20OR%20'1'='1", 'bioguide_id'],
  ['/v1/members/A000001;DROP%20TABLE%20trades', 'bioguide_id'],
  ['/v1/members/..%2F..%2Fetc%2Fpasswd', 'bioguide_id'],
  ['/v1/members/A000001%00', 'path'],
  ["/v1/members?q=x'%20UNION%20SELECT%20*%20FROM%20trades--", 'q'],
  ['/v1/members?q=Adams;DROP', 'q'],
  ['/v1/members?q=a%00b', 'q'],
  [`/v1/members?q=${'a'.repeat(300)}`, 'q'],
  ['/v1/members?party=Democrat%27%20OR%201=1', 'party'],
  ['/v1/stocks/AAPL%20UNION%20SELECT%201/trades', 'ticker'],
  ['/v1/stocks/..%2F..%2Fsecret/trades', 'ticker'],
  ['/v1/stocks/AAPL/trades?ticker=MSFT', 'ticker'],
  ["/v1/filings/1'%3B--", 'doc_id'],
  ['/v1/filings/..', 'doc_id'],
  ["/v1/transactions/recent?type=Purchase'%20OR%20'1'='1", 'type'],
  ['/v1/transactions/recent?from=2025-02-30', 'from'],
  ['/v1/transactions/recent?from=2025-03-01&to=2025-01-01', 'from'],
  ['/v1/transactions/recent?to=2025-01-01;', 'to'],
  ['/v1/transactions/recent?state=CA%27--', 'state'],
  ['/v1/transactions/recent?limit=10;DROP', 'limit'],
  ['/v1/transactions/recent?limit=1e3', 'limit'],
  ['/v1/transactions/recent?limit=5&limit=6', 'limit'],
  ['/v1/transactions/recent?cursor=%27%20UNION%20SELECT', 'cursor'],
  [`/v1/transactions/recent?cursor=${Buffer.from('["other",1]').toString('base64url')}`, 'cursor'],
  [`/v1/transactions/recent?cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'cursor'],
  ['/v1/transactions/recent?include_synthetic=1', 'include_synthetic'],
  ['/v1/transactions/recent?sort=transaction_id', 'sort'],
  ['/v1/transactions/recent?1=1', '1'],
  ['/v1/trending-stocks?window=365d', 'window'],
  ["/v1/trending-stocks?window=7d'%20UNION%20SELECT%201--", 'window'],
  ['/v1/top-traders?days=-1', 'days'],
  ['/v1/top-traders?days=99999', 'days'],
  ['/v1/analytics/summary?x=%00', 'x'],
  ['/v1/health?verbose=true', 'verbose'],
];

describe('injection attempts', () => {
  it.each(ATTACKS)('%s → 400 naming %s', async (url, parameter) => {
    const r = await t.get(url);
    expect(r.statusCode).toBe(400);
    const { error } = JSON.parse(r.body) as { error: string };
    expect(error).toContain(parameter);
    expect(error).not.toMatch(/\n|\bat .*:\d+:\d+|\/work\/|\/tmp\/|node_modules/);
  });

  it('change nothing', async () => {
    const before = { lake: lakeDigest(), answer: await t.json('/v1/transactions/recent?include_synthetic=true') };
    for (const [url] of ATTACKS) await t.get(url);
    expect({ lake: lakeDigest(), answer: await t.json('/v1/transactions/recent?include_synthetic=true') }).toEqual(before);
  });

  it('a cursor of one list is refused by another (a member cursor is not a trade position)', async () => {
    const version = ((await t.json('/v1/health')) as { gold_version: string }).gold_version;
    const cursorOf = (position: unknown) => Buffer.from(JSON.stringify([version, position])).toString('base64url');
    for (const url of [`/v1/members?cursor=${cursorOf(5)}`, `/v1/transactions/recent?cursor=${cursorOf('A000001')}`]) {
      const r = await t.get(url);
      expect([r.statusCode, JSON.parse(r.body)]).toEqual([400, { error: 'invalid parameter cursor: is not a cursor of this list' }]);
    }
  });

  it('a name with an apostrophe is a search, not SQL', async () => {
    const r = (await t.json("/v1/members?q=O'Brien")) as { members: { bioguide_id: string }[] };
    expect(r.members.map((m) => m.bioguide_id)).toEqual(['B000002']);
  });
});

describe('errors', () => {
  it('an unexpected failure is "internal error", with no stack or path', async () => {
    const boom = defineRoute({
      path: '/v1/boom',
      summary: 'fails',
      params: z.strictObject({}),
      handle: async () => {
        throw new Error(`ENOENT: ${t.lakeDir}/gold/secret.parquet\n    at Object.<anonymous> (/work/x.ts:1:1)`);
      },
    });
    const logged: unknown[] = [];
    const serving = await openServing({ lake: localStore(t.lakeDir), checkIntervalMs: 0 });
    const api = createApi({ routes: [boom], serving, onError: (e) => logged.push(e) });
    const r = await api.handle({ rawPath: '/v1/boom', requestContext: { http: { method: 'GET' } } });
    serving.close();
    expect([r.statusCode, JSON.parse(r.body)]).toEqual([500, { error: 'internal error' }]);
    expect(logged).toHaveLength(1);
  });
});

describe('SQL is never built from values', () => {
  const SRC = join(import.meta.dirname, '..', 'src');
  const SQL_WORD = /\b(SELECT|FROM|WHERE|ATTACH|DETACH|INSERT|UPDATE|DELETE|CREATE|DROP|USE|LIMIT|ORDER BY)\b/;
  // Build-time only: composes relations of files the platform staged itself (paths quoted by sqlPath).
  const BUILD_TIME = new Set(['serving-build.ts']);
  const CONSTANT = /^[A-Z][A-Z0-9_]*(?:\.[a-z]+)?$/;
  const QUOTING_CALL = /^(sqlPath|sqlIdent)\(/;

  it.each(files(SRC).map((f) => [relative(SRC, f)]))('%s', (file) => {
    const source = readFileSync(join(SRC, file), 'utf8');
    const offenders: string[] = [];
    for (const [literal] of source.matchAll(/`[^`]*`/g)) {
      if (!SQL_WORD.test(literal)) continue;
      for (const [, expr] of literal.matchAll(/\$\{([^}]*)\}/g)) {
        if (CONSTANT.test(expr!.trim()) || QUOTING_CALL.test(expr!.trim())) continue;
        if (BUILD_TIME.has(file)) continue;
        offenders.push(expr!);
      }
    }
    // String concatenation of SQL with anything: 'SELECT … ' + value
    for (const [line] of source.matchAll(/^.*['"][^'"]*\b(?:SELECT|WHERE|FROM)\b[^'"]*['"]\s*\+.*$/gm)) offenders.push(line);
    expect(offenders).toEqual([]);
  });
});
