import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { depsFromEnv, reportDlq, required } from '@medallion/ndjson-steps';

/** Report what the input events' DLQ holds (counts by date prefix, example keys), without consuming it. */
export const handler = defineHandler({
  service: 'ndjson-dlq-report',
  event: z.object({ maxMessages: z.number().int().min(1).max(1000).default(100) }).default({ maxMessages: 100 }),
  handler: async (event, ctx) => {
    const { cfg, sqs } = depsFromEnv();
    const report = await reportDlq(sqs, required(cfg, 'NDJSON_DLQ_URL'), { maxMessages: event.maxMessages });
    ctx.logger.info('dlq report', { depth: report.approximateDepth, sampled: report.sampled, byDatePrefix: report.byDatePrefix });
    return report;
  },
});
