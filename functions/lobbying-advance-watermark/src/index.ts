import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { batchSchema, depsFromEnv, advanceLobbyingWatermark } from '@medallion/lobbying-steps';

/** Advance the lobbying watermark to the batch's filing counts after the gold gate. */
export const handler = defineHandler({
  service: 'lobbying-advance-watermark',
  event: z.object({ batch: batchSchema, runId: z.string().optional() }),
  handler: async (event) => advanceLobbyingWatermark(await depsFromEnv(), event.batch, event.runId),
});
