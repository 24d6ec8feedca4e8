import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { advanceCongressWatermark, batchSchema, depsFromEnv } from '@medallion/congress-steps';

/** Advance the congress watermark to the batch window's end (compare-and-set) after the gold gate. */
export const handler = defineHandler({
  service: 'congress-advance-watermark',
  event: z.object({ batch: batchSchema, runId: z.string().optional() }),
  handler: async (event) => advanceCongressWatermark(await depsFromEnv(), event.batch, event.runId),
});
