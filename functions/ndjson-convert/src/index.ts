import { z } from 'zod';
import { defineHandler } from '@medallion/runtime';
import { convertDepsFromEnv, convertManifest, resolveConvertInput } from '@medallion/ndjson-steps';

/** The manifest as the state machine passes it: files inline, or the manifest_key of its JSON in the lake (large manifests). */
const event = z.object({
  manifest: z.object({
    manifest_id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
    bytes: z.number().nonnegative(),
    files: z.unknown().optional(),
    manifest_key: z.string().min(1).optional(),
  }),
});

/** DuckDB over the manifest's NDJSON files → silver/ndjson Parquet (ZSTD), rejected lines to quarantine/ndjson. */
export const handler = defineHandler({
  service: 'ndjson-convert',
  event,
  handler: async (e, ctx) => {
    const deps = convertDepsFromEnv();
    const result = await convertManifest(deps, await resolveConvertInput(deps.lake, e.manifest));
    const quarantined = Object.values(result.quarantined).reduce((n, v) => n + (v ?? 0), 0);
    ctx.countRows({ in: result.lines, out: result.rowsWritten, quarantined });
    return result;
  },
});
