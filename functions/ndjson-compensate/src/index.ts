import { defineHandler } from '@medallion/runtime';
import { compensate, lakeFromEnv, trackingFromEnv, manifestOutcomeSchema } from '@medallion/ndjson-steps';

/** Saga compensation (the state machine's Catch): files back to pending, manifest failed; the error is logged, not the payload. */
export const handler = defineHandler({
  service: 'ndjson-compensate',
  event: manifestOutcomeSchema,
  handler: async (event, ctx) => {
    ctx.logger.warn('compensating manifest', {
      manifestId: event.manifest_id,
      files: event.files?.length,
      manifestKey: event.manifest_key,
      error: event.error?.Error,
    });
    const res = await compensate(trackingFromEnv(), event, lakeFromEnv());
    ctx.countRows({ in: res.released, out: res.released });
    return res;
  },
});
