import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { depsFromEnv, checkNewFilings } from '@medallion/lobbying-steps';

/** Compare each watched filing year's LDA filing count with the watermark; open a batch when one changed. */
export const handler = defineHandler({
  service: 'lobbying-check-new-filings',
  event: z.object({ input: z.unknown().optional() }).passthrough(),
  handler: async (_event) => checkNewFilings(await depsFromEnv()),
});
