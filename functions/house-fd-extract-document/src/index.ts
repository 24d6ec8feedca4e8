import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { extractDocument, batchDocument, batchSchema, depsFromEnv } from '@medallion/house-fd-steps';

/** Fetch one PTR PDF into bronze, parse it, write its transactions to silver, or quarantine it with a reason. */
export const handler = defineHandler({
  service: 'house-fd-extract-document',
  // The Map item is a DocID; the rest of the document comes from the batch's list in the lake.
  event: z.object({ batch: batchSchema, docId: z.string().regex(/^[0-9]{4,12}$/, 'DocID must be 4-12 digits') }),
  handler: async (event, ctx) => {
    const deps = depsFromEnv();
    const doc = await batchDocument(deps, event.batch.seq, event.docId);
    const result = await extractDocument(deps, event.batch, doc);
    if (result.status === 'quarantined') ctx.logger.warn('document quarantined', { docId: result.docId, reason: result.reason });
    ctx.countRows({ in: 1, out: result.rows, quarantined: result.status === 'quarantined' ? 1 : 0 });
    return result;
  },
});
