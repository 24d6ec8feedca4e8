import { z } from 'zod';

/**
 * Senate LDA REST API (`/api/v1/filings/`) responses: the fields the pipeline reads. Unknown fields are
 * ignored; income and expenses arrive as strings ("50000.00", sometimes with commas) or null.
 */
const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

const lobbyistSchema = z.object({
  lobbyist: z.object({ id: z.number().int(), first_name: nullableString, middle_name: nullableString, last_name: nullableString, suffix: nullableString }),
  covered_position: nullableString,
  new: z.boolean().nullish(),
});

const activitySchema = z.object({
  general_issue_code: z.string().min(1),
  general_issue_code_display: nullableString,
  description: nullableString,
  lobbyists: z.array(lobbyistSchema).default([]),
  government_entities: z.array(z.object({ id: z.number().int(), name: z.string() })).default([]),
});

export const filingSchema = z.object({
  filing_uuid: z.string().uuid(),
  filing_type: z.string().min(1),
  filing_year: z.number().int().min(1999).max(2100),
  filing_period: z.string().min(1),
  income: z.union([z.string(), z.number()]).nullish(),
  expenses: z.union([z.string(), z.number()]).nullish(),
  dt_posted: z.string().min(10),
  termination_date: nullableString,
  registrant: z.object({ id: z.number().int(), name: z.string(), state: nullableString, country: nullableString }),
  client: z.object({ id: z.number().int(), name: z.string(), general_description: nullableString, state: nullableString, country: nullableString }),
  lobbying_activities: z.array(activitySchema).default([]),
  /** Set only by the generator: not an LDA field. */
  _synthetic: z.boolean().optional(),
});
export type Filing = z.infer<typeof filingSchema>;

export const filingsPageSchema = z.object({
  count: z.number().int(),
  next: z.string().nullish(),
  results: z.array(z.unknown()),
});

/** "1,234.50" → 1234.5; null/"" → null; anything else not a number → Error (the filing is quarantined). */
export function parseAmount(value: string | number | null | undefined, field: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  const cleaned = value.replace(/[$,\s]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) throw new Error(`${field}: not an amount: ${JSON.stringify(value)}`);
  return Number(cleaned);
}

/** The Congress in session in a filing year (118th: 2023–2024). */
export const congressOfYear = (year: number): number => Math.floor((year - 1789) / 2) + 1;

const BILL_MENTION = /\b(H\.?\s?R\.?|S\.?|H\.?\s?J\.?\s?RES\.?|S\.?\s?J\.?\s?RES\.?|H\.?\s?RES\.?|S\.?\s?RES\.?)\s?(\d{1,5})\b/gi;
const TYPE_OF: Record<string, string> = { HR: 'hr', S: 's', HJRES: 'hjres', SJRES: 'sjres', HRES: 'hres', SRES: 'sres' };

/**
 * Bill numbers an activity description mentions ("H.R. 21", "S.1234", "H.J.Res. 7"), as bill ids of the
 * filing year's Congress. Descriptions rarely say which Congress: a mention is resolved to the one in
 * session, which misattributes a bill from the previous Congress (a stated limit).
 */
export function billMentions(description: string | null, filingYear: number): string[] {
  if (!description) return [];
  const congress = congressOfYear(filingYear);
  const ids = new Set<string>();
  for (const m of description.matchAll(BILL_MENTION)) {
    const type = TYPE_OF[m[1].toUpperCase().replace(/[.\s]/g, '')];
    if (type) ids.add(`${congress}-${type}-${Number(m[2])}`);
  }
  return [...ids].sort();
}
