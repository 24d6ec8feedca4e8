import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { batchSchema, depsFromEnv, fetchDetails } from '@medallion/congress-steps';

/** Fetch one chunk of bills' details into bronze (a Map iteration; bills already there are skipped). */
export const handler = defineHandler({
  service: 'congress-fetch-details',
  event: z.object({ batch: batchSchema, chunk: z.number().int().nonnegative() }),
  handler: async (event, ctx) => {
    const result = await fetchDetails(await depsFromEnv(), event.batch, event.chunk);
    ctx.countRows({ out: result.fetched, quarantined: result.missing.length });
    return result;
  },
});
