import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { publishGold, batchSchema, depsFromEnv } from '@medallion/house-fd-steps';

/** Promote the batch's gold candidates (checked by the gold gate) to the gold tables. */
export const handler = defineHandler({
  service: 'house-fd-publish-gold',
  event: z.object({ batch: batchSchema }),
  handler: async (event, ctx) => {
    const result = await publishGold(depsFromEnv(), event.batch);
    ctx.logger.info('gold published', { batchSeq: event.batch.seq, keys: result.published });
    return result;
  },
});
