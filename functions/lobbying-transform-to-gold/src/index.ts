import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { batchSchema, depsFromEnv, transformToGold } from '@medallion/lobbying-steps';

/** Rebuild lobbying by client, issue and bill from silver. */
export const handler = defineHandler({
  service: 'lobbying-transform-to-gold',
  event: z.object({ batch: batchSchema }),
  handler: async (event) => transformToGold(await depsFromEnv(), event.batch),
});
