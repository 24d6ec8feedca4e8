import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { builderDepsFromEnv, recoverOrphans } from '@medallion/ndjson-steps';

/** Hourly (EventBridge schedule): settle manifests open for longer than olderThanS, then re-drive what is pending. */
export const handler = defineHandler({
  service: 'ndjson-recover-orphans',
  // The scheduled event carries EventBridge fields; only these two are ours.
  event: z.looseObject({ olderThanS: z.number().int().min(60).default(1800), limit: z.number().int().min(1).max(1000).default(200) }),
  handler: async (event, ctx) => {
    const report = await recoverOrphans(builderDepsFromEnv(), { olderThanS: event.olderThanS, limit: event.limit });
    ctx.logger.info('orphan recovery', { ...report });
    return report;
  },
});
