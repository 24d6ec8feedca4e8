import { z } from 'zod';

const inputFile = z.object({
  date_prefix: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  file_key: z.string().min(1).max(1024),
  size: z.number().int().nonnegative(),
  etag: z.string(),
});

/** What the state machine passes UpdateStatus and Compensate: the manifest id and its files (and the caught error). */
export const manifestOutcomeSchema = z.object({
  manifest_id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  files: z.array(inputFile),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
