import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { batchSchema, buildDimensions, depsFromEnv } from '@medallion/congress-steps';

/** Rebuild the congress gold tables (dim_bill, fact_bill_actions, bridges) from silver. */
export const handler = defineHandler({
  service: 'congress-build-dimensions',
  event: z.object({ batch: batchSchema }),
  handler: async (event, ctx) => {
    const result = await buildDimensions(await depsFromEnv(), event.batch);
    ctx.countRows({ out: result.rows.dim_bill });
    return result;
  },
});
