import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { compactSilver, batchSchema, depsFromEnv } from '@medallion/house-fd-steps';

/** Merge the batch's per-PTR transaction files into silver/house_fd/transactions/batch=N.parquet. */
export const handler = defineHandler({
  service: 'house-fd-compact-silver',
  event: z.object({ batch: batchSchema }),
  handler: async (event, ctx) => {
    const result = await compactSilver(depsFromEnv(), event.batch);
    ctx.countRows({ in: result.rows, out: result.rows });
    return result;
  },
});
