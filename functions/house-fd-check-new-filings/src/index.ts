import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { checkNewFilings, depsFromEnv } from '@medallion/house-fd-steps';

/** HEAD each watched year's index zip at the Clerk and compare ETags with the watermark: a change opens batch watermark+1. */
export const handler = defineHandler({
  service: 'house-fd-check-new-filings',
  event: z.object({ years: z.array(z.number().int().min(1995).max(2100)).optional() }).passthrough(),
  handler: async (event, ctx) => {
    const deps = depsFromEnv();
    const result = await checkNewFilings(deps, event.years);
    ctx.logger.info('checked source', { hasNew: result.hasNew, seq: result.batch?.seq, years: result.years });
    ctx.countRows({ in: result.years.length, out: result.hasNew ? 1 : 0 });
    return result;
  },
});
