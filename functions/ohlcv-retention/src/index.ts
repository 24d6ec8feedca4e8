import { defineHandler } from '@medallion/runtime';
import { retentionEventSchema, runRetention } from '@medallion/ohlcv-steps';

/** raw_ohlcv rows older than 5 years + 1 month into raw_ohlcv_archive, one transaction per batch (also on its own schedule). */
export const handler = defineHandler({
  service: 'ohlcv-retention',
  event: retentionEventSchema,
  handler: async (event, ctx) => {
    const res = await runRetention(event);
    ctx.countRows({ in: res.moved, out: res.moved });
    return res;
  },
});
