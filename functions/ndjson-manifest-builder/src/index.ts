import { z } from 'zod';
import type { SQSEvent } from 'aws-lambda';
import { defineHandler } from '@medallion/runtime';
import { builderDepsFromEnv, handleS3EventBatch } from '@medallion/ndjson-steps';

const sqsEvent = z.object({ Records: z.array(z.looseObject({ messageId: z.string(), body: z.string() })) });

/**
 * SQS batch of input-bucket events → registered files → manifests started. Returns
 * { batchItemFailures } (the event source mapping has ReportBatchItemFailures): only failed
 * records come back, or the whole batch when the state machine cannot be started.
 */
export const handler = defineHandler({
  service: 'ndjson-manifest-builder',
  event: sqsEvent,
  handler: async (event, ctx) => {
    const deps = { ...builderDepsFromEnv(), log: (message: string, detail: Record<string, unknown>) => ctx.logger.info(message, detail) };
    const res = await handleS3EventBatch(deps, event as unknown as SQSEvent);
    ctx.countRows({ in: event.Records.length, out: res.registered, quarantined: res.skipped });
    if (res.dispatchError) ctx.logger.warn('dispatch failed: batch returned to the queue', { error: res.dispatchError });
    ctx.logger.info('batch', { registered: res.registered, duplicates: res.duplicates, skipped: res.skipped, manifests: res.manifests.length });
    return { batchItemFailures: res.batchItemFailures };
  },
});
