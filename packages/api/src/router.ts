/**
 * One router for every route (find-my-way, Fastify's radix router), behind one Lambda: a
 * request is validated, answered from the hot responses or the route's query, and shaped
 * (CORS, Cache-Control, ETag = gold version, 304). Why one function and not one per route:
 * docs/API.md.
 */
import FindMyWay from 'find-my-way';
import type { z } from 'zod';
import { ApiError, type RouteModule } from './route';
import type { ServingSource } from './serving';

/** The parts of an API Gateway HTTP API (payload 2.0) event the router reads. */
export interface HttpEvent {
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  requestContext: { http: { method: string } };
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface ApiOptions {
  routes: RouteModule[];
  serving: ServingSource;
  /** Access-Control-Allow-Origin (default `*`: the data is public). */
  corsOrigin?: string;
  /** Called with an unexpected error (the response says only "internal error"). */
  onError?: (err: unknown, event: HttpEvent) => void;
}

export interface Api {
  handle(event: HttpEvent): Promise<HttpResult>;
  /** The canonical form of a GET of path?query (what UpdateCache's hot responses are keyed by). */
  hotKey(path: string, query?: string): string;
}

const MAX_QUERY_LENGTH = 2048;
const MAX_VALUE_LENGTH = 256;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const DEFAULT_CACHE_CONTROL = 'public, max-age=60';

interface Matched {
  route: RouteModule;
  params: Record<string, unknown>;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown parameter ${issue.keys.join(', ')}`;
  const name = issue.path.join('.') || 'parameters';
  return `invalid parameter ${name}: ${issue.message}`;
}

/** Query string → object, refusing what no route accepts (repeats, control characters, overlong values). */
function parseQuery(raw: string, pathParams: Record<string, string>): Record<string, string> {
  if (raw.length > MAX_QUERY_LENGTH) throw new ApiError(400, `query string longer than ${MAX_QUERY_LENGTH} characters`);
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    const shown = CONTROL_CHARS.test(name) || name.length > 64 ? '(unprintable)' : name;
    if (shown !== name || name in pathParams) throw new ApiError(400, `unknown parameter ${shown}`);
    if (name in out) throw new ApiError(400, `invalid parameter ${name}: given more than once`);
    if (value.length > MAX_VALUE_LENGTH) throw new ApiError(400, `invalid parameter ${name}: longer than ${MAX_VALUE_LENGTH} characters`);
    if (CONTROL_CHARS.test(value)) throw new ApiError(400, `invalid parameter ${name}: contains a control character`);
    out[name] = value;
  }
  return out;
}

const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );

export function createApi(options: ApiOptions): Api {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true, maxParamLength: 128 });
  for (const route of options.routes) {
    router.on('GET', route.path.replace(/\{(\w+)\}/g, ':$1'), () => undefined, { route });
  }
  const cors = { 'access-control-allow-origin': options.corsOrigin ?? '*', 'access-control-allow-methods': 'GET, OPTIONS' };
  const json = (statusCode: number, body: string, extra: Record<string, string> = {}): HttpResult => ({
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...cors, ...extra },
    body,
  });
  const error = (status: number, message: string) => json(status, JSON.stringify({ error: message }), { 'cache-control': 'no-store' });

  const match = (path: string, query: string): Matched => {
    let found: ReturnType<typeof router.find>;
    try {
      found = router.find('GET', path);
    } catch {
      throw new ApiError(400, 'malformed path');
    }
    if (!found) throw new ApiError(404, 'no such endpoint');
    const route = (found.store as { route: RouteModule }).route;
    const pathParams = found.params as Record<string, string>;
    for (const value of Object.values(pathParams)) if (CONTROL_CHARS.test(value ?? '')) throw new ApiError(400, 'invalid path: contains a control character');
    const parsed = route.params.safeParse({ ...parseQuery(query, pathParams), ...pathParams });
    if (!parsed.success) throw new ApiError(400, describeIssue(parsed.error.issues[0]!));
    return { route, params: parsed.data as Record<string, unknown> };
  };
  const keyOf = (m: Matched) => `${m.route.path} ${stableJson(m.params)}`;

  return {
    hotKey: (path, query = '') => keyOf(match(path, query)),
    async handle(event) {
      const method = event.requestContext.http.method.toUpperCase();
      if (method === 'OPTIONS') return { statusCode: 204, headers: { ...cors, 'access-control-max-age': '600' }, body: '' };
      if (method !== 'GET' && method !== 'HEAD') return error(405, `method ${method.slice(0, 10)} not allowed: the API is read-only (GET)`);
      try {
        const matched = match(event.rawPath, event.rawQueryString ?? '');
        const gold = await options.serving.current();
        const etag = `"${gold.info.version}"`;
        const cacheControl = matched.route.cacheControl ?? DEFAULT_CACHE_CONTROL;
        const ifNoneMatch = event.headers?.['if-none-match'];
        if (ifNoneMatch?.split(',').some((t) => [etag, `W/${etag}`, '*'].includes(t.trim()))) {
          return { statusCode: 304, headers: { ...cors, etag, 'cache-control': cacheControl }, body: '' };
        }
        const body =
          gold.hot.get(keyOf(matched)) ??
          JSON.stringify(await matched.route.handle(matched.params, { db: gold.db, gold: gold.info, lake: options.serving.lake }));
        return json(200, method === 'HEAD' ? '' : body, { etag, 'cache-control': cacheControl });
      } catch (err) {
        if (err instanceof ApiError) return error(err.status, err.message);
        options.onError?.(err, event);
        return error(500, 'internal error');
      }
    },
  };
}
