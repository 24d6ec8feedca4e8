import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { indexToSilver, batchSchema, depsFromEnv } from '@medallion/house-fd-steps';

/** Parse the index (XML or TXT), keep filings not seen before, match filers to bioguide ids, write silver filings. */
export const handler = defineHandler({
  service: 'house-fd-index-to-silver',
  event: z.object({ batch: batchSchema }),
  handler: async (event, ctx) => {
    const deps = depsFromEnv();
    const result = await indexToSilver(deps, event.batch);
    ctx.logger.info('index to silver', { rowsIn: result.rowsIn, rowsOut: result.rowsOut, documents: result.documentIds.length, unmatched: result.unmatched });
    ctx.countRows({ in: result.rowsIn, out: result.rowsOut, quarantined: result.quarantined });
    return result;
  },
});
