import { z } from 'zod';

/**
 * The parts of congress.gov API v3 responses the pipeline reads. Unknown fields are ignored (the
 * API adds fields); a field the pipeline needs that is missing or of the wrong type fails the parse
 * with the path in the message, and the bill is quarantined with that reason.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date');
const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

export const billListItemSchema = z.object({
  congress: z.number().int(),
  type: z.string().min(1),
  number: z.string().regex(/^\d+$/),
  updateDate: z.string().min(10),
  updateDateIncludingText: z.string().optional(),
  title: z.string().optional(),
});
export type BillListItem = z.infer<typeof billListItemSchema>;

export const billListSchema = z.object({
  bills: z.array(billListItemSchema),
  pagination: z.object({ count: z.number().int(), next: z.string().optional(), total: z.number().int().optional() }).optional(),
});

const personSchema = z.object({
  bioguideId: z.string().regex(/^[A-Z]\d{6}$/, 'a bioguide id like C001078'),
  district: z.number().int().nullish(),
  party: nullableString,
  state: nullableString,
  fullName: nullableString,
});

export const billDetailSchema = z.object({
  bill: z.object({
    congress: z.number().int(),
    type: z.string(),
    number: z.string().regex(/^\d+$/),
    title: z.string(),
    originChamber: nullableString,
    introducedDate: isoDate.nullish(),
    updateDate: z.string().min(10),
    policyArea: z.object({ name: z.string() }).nullish(),
    latestAction: z.object({ actionDate: isoDate, text: z.string() }).nullish(),
    sponsors: z.array(personSchema).default([]),
    actions: z.object({ count: z.number().int() }).optional(),
    cosponsors: z.object({ count: z.number().int() }).optional(),
    committees: z.object({ count: z.number().int() }).optional(),
    subjects: z.object({ count: z.number().int() }).optional(),
    /** Set only by the generator (generate.ts): the bill is synthetic. */
    _synthetic: z.boolean().optional(),
  }),
});
export type BillDetail = z.infer<typeof billDetailSchema>['bill'];

export const actionsSchema = z.object({
  actions: z.array(
    z.object({
      actionCode: nullableString,
      actionDate: isoDate,
      actionTime: nullableString,
      text: z.string(),
      type: nullableString,
      sourceSystem: z.object({ code: z.number().int().nullish(), name: z.string() }).nullish(),
      committees: z.array(z.object({ systemCode: z.string(), name: z.string() })).nullish(),
    }),
  ),
});

export const cosponsorsSchema = z.object({
  cosponsors: z.array(
    personSchema.extend({
      isOriginalCosponsor: z.boolean().nullish(),
      sponsorshipDate: isoDate.nullish(),
      sponsorshipWithdrawnDate: isoDate.nullish(),
    }),
  ),
});

export const committeesSchema = z.object({
  committees: z.array(
    z.object({
      systemCode: z.string().min(1),
      name: z.string(),
      chamber: nullableString,
      type: nullableString,
      activities: z.array(z.object({ date: z.string(), name: z.string() })).default([]),
      subcommittees: z
        .array(z.object({ systemCode: z.string(), name: z.string(), activities: z.array(z.object({ date: z.string(), name: z.string() })).default([]) }))
        .default([]),
    }),
  ),
});

export const subjectsSchema = z.object({
  subjects: z.object({
    legislativeSubjects: z.array(z.object({ name: z.string() })).default([]),
    policyArea: z.object({ name: z.string() }).nullish(),
  }),
});

export const summariesSchema = z.object({
  summaries: z.array(
    z.object({
      versionCode: z.string(),
      actionDate: isoDate.nullish(),
      actionDesc: nullableString,
      text: z.string(),
      updateDate: z.string().min(10),
    }),
  ),
});

/** The detail sub-resources FetchDetails gets for every bill (the Map state's iterations). */
export const DETAIL_RESOURCES = ['actions', 'cosponsors', 'committees', 'subjects', 'summaries'] as const;
