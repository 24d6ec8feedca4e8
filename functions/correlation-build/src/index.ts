import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { buildCorrelationTables, depsFromEnv } from '@medallion/correlation-steps';

/**
 * Rebuild the correlation gold tables. The event is whatever started the execution (the EventBridge
 * "Step Functions Execution Status Change" of house_fd_pipeline, or {} from `lake run`): it is only logged.
 */
export const handler = defineHandler({
  service: 'correlation-build',
  event: z.object({ trigger: z.unknown().optional() }).passthrough(),
  handler: async (_event, ctx) => {
    const result = await buildCorrelationTables(depsFromEnv());
    ctx.countRows({ out: result.correlations });
    return result;
  },
});
