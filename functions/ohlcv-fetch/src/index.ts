import { defineHandler } from '@medallion/runtime';
import { fetchEventSchema, runFetch } from '@medallion/ohlcv-steps';

/** The next chunk of Polygon grouped-daily sessions into bronze raw_ohlcv and PostgreSQL; resumes from its checkpoint. */
export const handler = defineHandler({
  service: 'ohlcv-fetch',
  event: fetchEventSchema,
  handler: async (event, ctx) => {
    const res = await runFetch(event);
    ctx.countRows({ in: res.bars, out: res.bars, quarantined: Object.values(res.quarantined).reduce((a, b) => a + b, 0) });
    return res;
  },
});
