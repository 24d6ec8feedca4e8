import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { transformToGold, batchSchema, depsFromEnv } from '@medallion/house-fd-steps';

/** Build dim_member (SCD2), dim_asset, the batch's fact_ptr_transactions and agg_trending_stocks. */
export const handler = defineHandler({
  service: 'house-fd-transform-to-gold',
  event: z.object({ batch: batchSchema }),
  handler: async (event, ctx) => {
    const deps = depsFromEnv();
    const result = await transformToGold(deps, event.batch);
    ctx.countRows({ in: result.factRowsIn, out: result.factRowsOut });
    return result;
  },
});
