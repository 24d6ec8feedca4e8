import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { ingestZip, batchSchema, depsFromEnv } from '@medallion/house-fd-steps';

/** Copy the changed yearly index zips (and the members file) into bronze, as fetched. */
export const handler = defineHandler({
  service: 'house-fd-ingest-zip',
  event: z.object({ batch: batchSchema }),
  handler: async (event, ctx) => {
    const deps = depsFromEnv();
    const result = await ingestZip(deps, event.batch);
    ctx.countRows({ in: result.years.length, out: result.years.length });
    return result;
  },
});
