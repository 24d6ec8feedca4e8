import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { depsFromEnv, fetchBills } from '@medallion/congress-steps';

/** List congress.gov bills updated since the watermark, checkpointing pages, and split them into FetchDetails chunks. */
export const handler = defineHandler({
  service: 'congress-fetch-bills',
  event: z.object({ input: z.unknown().optional() }).passthrough(),
  handler: async (_event, ctx) => {
    const result = await fetchBills(await depsFromEnv());
    ctx.countRows({ out: result.bills });
    return result;
  },
});
