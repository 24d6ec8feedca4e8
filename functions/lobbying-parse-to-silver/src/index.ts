import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { batchSchema, depsFromEnv, parseToSilver } from '@medallion/lobbying-steps';

/** Parse the batch's LDA filings into the five lobbying silver tables, quarantining malformed ones. */
export const handler = defineHandler({
  service: 'lobbying-parse-to-silver',
  event: z.object({ batch: batchSchema }),
  handler: async (event) => parseToSilver(await depsFromEnv(), event.batch),
});
