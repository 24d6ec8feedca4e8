import { defineHandler } from '@medallion/runtime';
import { resampleEventSchema, runResample } from '@medallion/ohlcv-steps';

/** Bronze changes since the last run into silver_Nd bars (3/5/8/13/21/34 days), from per-interval checkpoints. */
export const handler = defineHandler({
  service: 'ohlcv-resample',
  event: resampleEventSchema,
  handler: async (event, ctx) => {
    const res = await runResample(event);
    ctx.countRows({ out: res.bars });
    return res;
  },
});
