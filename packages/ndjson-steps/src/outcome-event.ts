import { z } from 'zod';

const inputFile = z.object({
  date_prefix: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  file_key: z.string().min(1).max(1024),
  size: z.number().int().nonnegative(),
  etag: z.string(),
});

/**
 * What the state machine passes UpdateStatus and Compensate (its whole state; other fields are dropped): the
 * manifest id and its files inline, or the manifest_key of its JSON in the lake — exactly one — and the caught error.
 */
export const manifestOutcomeSchema = z
  .object({
    manifest_id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
    files: z.array(inputFile).optional(),
    manifest_key: z.string().min(1).max(1024).optional(),
    error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
  })
  .refine((e) => (e.files === undefined) !== (e.manifest_key === undefined), { message: 'give exactly one of files or manifest_key' });
