import { defineHandler } from '@medallion/runtime';
import { lakeFromEnv, trackingFromEnv, updateStatus, manifestOutcomeSchema } from '@medallion/ndjson-steps';

/** After a conversion: the manifest's files (inline or from its manifest_key) processed, the manifest succeeded (both conditional on the manifest id). */
export const handler = defineHandler({
  service: 'ndjson-update-status',
  event: manifestOutcomeSchema,
  handler: async (event, ctx) => {
    // A large manifest's files are read from its manifest_key in the lake.
    const res = await updateStatus(trackingFromEnv(), event, lakeFromEnv());
    ctx.countRows({ in: res.processed, out: res.processed });
    return res;
  },
});
