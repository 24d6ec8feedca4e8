import { defineHandler } from '@medallion/runtime';
import { trackingFromEnv, updateStatus } from '@medallion/ndjson-steps';
import { manifestOutcome } from './event';

/** After a conversion: the manifest's files processed, the manifest succeeded (both conditional on the manifest id). */
export const handler = defineHandler({
  service: 'ndjson-update-status',
  event: manifestOutcome,
  handler: async (event, ctx) => {
    const res = await updateStatus(trackingFromEnv(), event);
    ctx.countRows({ in: event.files.length, out: res.processed });
    return res;
  },
});
