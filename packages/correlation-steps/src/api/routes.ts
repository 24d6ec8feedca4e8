/**
 * The bills and correlations endpoints as route modules of the disclosures API (@medallion/api's defineRoute).
 * Their gold tables are not in house_fd's serving database (UpdateCache runs before cross_dataset_correlation), so
 * each container stages them from the lake itself: one DuckDB instance, the tables' files re-staged when their
 * ETags change, looked at (HEAD requests) at most every CHECK_MS.
 */
import { rm } from 'node:fs/promises';
import { defineRoute, notFound, type RouteContext, type RouteModule } from '@medallion/api';
import { openDuck, type Duck } from '@medallion/duck';
import type { ObjectStore } from '@medallion/lake';
import { z } from 'zod';
import { billParamsSchema, getBill } from './bill';
import { billTradesParamsSchema, getBillTrades } from './bill-trades';
import { correlationsParamsSchema, listCorrelations } from './correlations';
import { GOLD_TABLE_KEYS, type GoldFiles } from './gold';
import { getMemberNetwork, memberNetworkParamsSchema } from './member-network';

const CHECK_MS = 5_000;

interface Staged {
  signature: string;
  files: GoldFiles;
  /** Copies of a remote lake's objects, removed when a newer version replaces them. */
  temporary: string[];
}

let duckReady: Promise<Duck> | undefined;
let staged: Staged | undefined;
let checkedAt = 0;
let refreshing: Promise<Staged> | undefined;
// One query at a time on the container's connection (a request runs several).
let queue: Promise<unknown> = Promise.resolve();

/** The gold files as of the lake now: unchanged ETags keep the staged copies. */
async function refresh(lake: ObjectStore): Promise<Staged> {
  const entries = Object.entries(GOLD_TABLE_KEYS) as [keyof GoldFiles, string][];
  const heads = await Promise.all(entries.map(([, key]) => lake.head(key)));
  const signature = heads.map((h) => h?.etag ?? '-').join(',');
  if (staged?.signature === signature) return staged;
  const files = Object.fromEntries(entries.map(([table]) => [table, []])) as unknown as GoldFiles;
  const present = entries.filter((_, i) => heads[i]);
  const paths = present.length ? await lake.stage(present.map(([, key]) => key)) : [];
  for (const [i, [table]] of present.entries()) files[table] = [paths[i]!];
  const previous = staged;
  staged = { signature, files, temporary: lake.uri.startsWith('file://') ? [] : paths };
  for (const path of previous?.temporary ?? []) await rm(path, { force: true });
  return staged;
}

async function session(ctx: RouteContext): Promise<{ duck: Duck; files: GoldFiles }> {
  duckReady ??= openDuck({ threads: 2, memoryLimit: '512MB' });
  const duck = await duckReady;
  if (!staged || performance.now() - checkedAt > CHECK_MS) {
    refreshing ??= refresh(ctx.lake).finally(() => {
      refreshing = undefined;
      checkedAt = performance.now();
    });
    await refreshing;
  }
  return { duck, files: staged!.files };
}

/** Runs a query function on the container's connection, one request at a time. */
function run<T>(ctx: RouteContext, query: (duck: Duck, files: GoldFiles) => Promise<T>): Promise<T> {
  const next = queue.then(async () => {
    const s = await session(ctx);
    return query(s.duck, s.files);
  });
  queue = next.catch(() => undefined);
  return next;
}

export const CONGRESS_ROUTES: RouteModule[] = [
  defineRoute({
    path: '/v1/bills/{id}',
    summary: 'One bill with its sponsors, actions and committees.',
    params: z.strictObject(billParamsSchema.shape),
    async handle(p, ctx) {
      const bill = await run(ctx, (duck, files) => getBill(duck, files, p));
      if (!bill) throw notFound(`bill ${p.id}`);
      return bill;
    },
  }),
  defineRoute({
    path: '/v1/bills/{id}/trades',
    summary: 'Trades correlated with actions on a bill, highest score first, with the evidence rows.',
    params: z.strictObject(billTradesParamsSchema.shape),
    async handle(p, ctx) {
      return run(ctx, (duck, files) => getBillTrades(duck, files, p));
    },
  }),
  defineRoute({
    path: '/v1/members/{id}/network',
    summary: "A member's cosponsorship and common-ticker edges.",
    params: z.strictObject(memberNetworkParamsSchema.shape),
    async handle(p, ctx) {
      return run(ctx, (duck, files) => getMemberNetwork(duck, files, p));
    },
  }),
  defineRoute({
    path: '/v1/correlations',
    summary: 'Bill–trade correlations, highest score first, filtered.',
    params: z.strictObject(correlationsParamsSchema.shape),
    async handle(p, ctx) {
      return run(ctx, (duck, files) => listCorrelations(duck, files, p));
    },
  }),
];
