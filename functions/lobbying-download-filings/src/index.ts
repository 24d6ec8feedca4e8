import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { batchSchema, depsFromEnv, downloadFilings } from '@medallion/lobbying-steps';

/** Download the batch's LDA filing pages to bronze (paged, retried, checkpointed). */
export const handler = defineHandler({
  service: 'lobbying-download-filings',
  event: z.object({ batch: batchSchema }),
  handler: async (event) => downloadFilings(await depsFromEnv(), event.batch),
});
