/**
 * Where the serving layer keeps its per-version outputs in the lake. Under gold/ so a
 * deployment with a separate gold bucket keeps them beside the tables they derive from.
 */
import { z } from 'zod';

const PREFIX = 'gold/house_fd/_serving';

export const servingKeys = {
  /** The version the API serves: written last by UpdateCache, so everything it names exists. */
  pointer: () => `${PREFIX}/current.json`,
  database: (version: string) => `${PREFIX}/v=${version}/serving.duckdb`,
  hot: (version: string, name: string) => `${PREFIX}/v=${version}/hot/${name}.json`,
};

/**
 * The serving database's layout (tables and columns the routes query). Part of every version id,
 * so a change here makes UpdateCache build a new version even for the same gold; an API whose
 * layout differs from the pointer's does not query that database (serving.ts).
 */
export const SERVING_LAYOUT = 3;

export const VERSION_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const pointerSchema = z.object({
  version: z.string().regex(VERSION_PATTERN).max(64),
  layout: z.number().int().default(1),
  seq: z.number().int().nonnegative(),
  builtAt: z.string().nullable(),
  asOfDate: z.string().nullable(),
  rowCounts: z.record(z.string(), z.number()),
  database: z.string(),
  /** Canonical request (router.ts hotKey) → lake key of its JSON body. */
  hot: z.record(z.string(), z.string()),
});
export type ServingPointer = z.infer<typeof pointerSchema>;
