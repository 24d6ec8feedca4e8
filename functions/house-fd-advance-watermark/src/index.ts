import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { advanceHouseFdWatermark, batchSchema, depsFromEnv } from '@medallion/house-fd-steps';

/** Advance the house_fd watermark to the batch sequence with a conditional write (WatermarkConflict when another run got there first). */
export const handler = defineHandler({
  service: 'house-fd-advance-watermark',
  // runId: the execution id ($$.Execution.Id), so a retry after our own write is not a conflict.
  event: z.object({ batch: batchSchema, fingerprints: z.record(z.string(), z.string()).optional(), runId: z.string().min(1).optional() }),
  handler: async (event, ctx) => {
    const deps = depsFromEnv();
    const result = await advanceHouseFdWatermark(deps, event.batch, event.fingerprints, event.runId);
    ctx.logger.info('watermark advanced', { seq: result.seq });
    return result;
  },
});
