import { defineHandler } from '@medallion/runtime';
import { trackingFromEnv, updateStatus, manifestOutcomeSchema } from '@medallion/ndjson-steps';

/** After a conversion: the manifest's files processed, the manifest succeeded (both conditional on the manifest id). */
export const handler = defineHandler({
  service: 'ndjson-update-status',
  event: manifestOutcomeSchema,
  handler: async (event, ctx) => {
    const res = await updateStatus(trackingFromEnv(), event);
    ctx.countRows({ in: event.files.length, out: res.processed });
    return res;
  },
});
