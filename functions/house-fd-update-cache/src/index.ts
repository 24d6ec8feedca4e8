import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { batchSchema, depsFromEnv, updateCache } from '@medallion/house-fd-steps';

/** Build the serving database of the published gold and its hot responses; move the API's pointer to it. */
export const handler = defineHandler({
  service: 'house-fd-update-cache',
  event: z.object({ batch: batchSchema }),
  handler: async (event, ctx) => {
    const result = await updateCache(depsFromEnv(), event.batch);
    ctx.logger.info('serving version published', { batchSeq: event.batch.seq, ...result });
    return result;
  },
});
