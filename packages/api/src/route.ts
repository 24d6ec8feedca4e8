/**
 * The route-module contract: one module per resource registers its routes with
 * `defineRoute`, and `createApi` (router.ts) serves any list of them. Other packages (a new
 * gold table's endpoints) add routes the same way, without touching the router.
 */
import type { ObjectStore } from '@medallion/lake';
import type { z } from 'zod';

/** A prepared, parameterised query against the serving database of the current gold version. */
export interface ServingQuery {
  /** Rows as plain JS values (dates as 'YYYY-MM-DD', BIGINT as number). SQL text must be constant; values go in params. */
  all<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** What the gold version being served says about itself (/v1/health). */
export interface GoldVersionInfo {
  version: string;
  seq: number;
  builtAt: string | null;
  asOfDate: string | null;
  rowCounts: Record<string, number>;
}

export interface RouteContext {
  db: ServingQuery;
  gold: GoldVersionInfo;
  /** The lake (read-only use): for routes over gold tables outside the serving database (e.g. congress, correlations). */
  lake: ObjectStore;
}

/** An expected refusal: its status and one-line message are the response (never a stack). */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 503,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, `${what} not found`);

export interface RouteModule<P = Record<string, unknown>> {
  /** `/v1/members/{bioguide_id}/trades`: `{name}` segments are path parameters. */
  path: string;
  /** One line for docs/openapi.yaml (its test checks every route is documented). */
  summary: string;
  /** Path and query parameters together; a strict object, so an unknown parameter is a 400. */
  params: z.ZodType<P>;
  /** The JSON body for valid parameters; throw notFound(...) for an unknown id. */
  handle(params: P, ctx: RouteContext): Promise<unknown>;
  /** Cache-Control for a 200 (default: public, max-age=60). */
  cacheControl?: string;
}

/** Identity, for type checking a route module where it is written (params typed from its schema). */
export function defineRoute<S extends z.ZodType>(route: RouteModule<z.infer<S>> & { params: S }): RouteModule {
  return route as unknown as RouteModule;
}
