import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { extractDocument, batchSchema, depsFromEnv, documentRefSchema } from '@medallion/house-fd-steps';

/** Fetch one PTR PDF into bronze, parse it, write its transactions to silver, or quarantine it with a reason. */
export const handler = defineHandler({
  service: 'house-fd-extract-document',
  event: z.object({ batch: batchSchema, doc: documentRefSchema }),
  handler: async (event, ctx) => {
    const deps = depsFromEnv();
    const result = await extractDocument(deps, event.batch, event.doc);
    if (result.status === 'quarantined') ctx.logger.warn('document quarantined', { docId: result.docId, reason: result.reason });
    ctx.countRows({ in: 1, out: result.rows, quarantined: result.status === 'quarantined' ? 1 : 0 });
    return result;
  },
});
