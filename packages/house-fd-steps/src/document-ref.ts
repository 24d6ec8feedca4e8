import { z } from 'zod';

/** A PTR to extract: the Map state's item. Small on purpose (state payloads are capped at 256 KB). */
export const documentRefSchema = z.object({
  // DocIDs become object keys and file names: digits only (the Clerk's ids are numeric).
  docId: z.string().regex(/^[0-9]{4,12}$/, 'DocID must be 4-12 digits'),
  year: z.number().int().min(1995).max(2100),
  filingDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  bioguideId: z
    .string()
    .regex(/^[A-Z][0-9]{6}$/)
    .nullable(),
  filerName: z.string(),
  stateDistrict: z.string().nullable(),
  isSynthetic: z.boolean(),
});
export type DocumentRef = z.infer<typeof documentRefSchema>;
