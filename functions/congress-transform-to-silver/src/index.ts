import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { batchSchema, depsFromEnv, transformToSilver } from '@medallion/congress-steps';

/** Turn the batch's bronze bills into the six silver bill tables, quarantining malformed bills. */
export const handler = defineHandler({
  service: 'congress-transform-to-silver',
  event: z.object({ batch: batchSchema, chunks: z.array(z.number().int().nonnegative()) }),
  handler: async (event, ctx) => {
    const result = await transformToSilver(await depsFromEnv(), event.batch, event.chunks);
    ctx.countRows({ in: result.billsIn, out: result.billsOut, quarantined: result.billsIn - result.billsOut });
    return result;
  },
});
