import { parse } from 'yaml';
import { z } from 'zod';

export interface MemberTerm {
  type: 'rep' | 'sen';
  start: string;
  end: string;
  state: string;
  /** House seat; 0 = at-large or delegate; null for senators. */
  district: number | null;
  party: string | null;
  /** Mid-term party switches (the YAML's party_affiliations), when present. */
  partyAffiliations: { start: string; end: string; party: string }[];
}

export interface Member {
  bioguideId: string;
  /** official_full, else "first last". */
  fullName: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  nickname: string | null;
  suffix: string | null;
  terms: MemberTerm[];
}

const dateText = z.union([z.string(), z.date()]).transform((d) => (typeof d === 'string' ? d : d.toISOString().slice(0, 10)));

// Only the fields we use; everything else in the YAML (ids, bio, offices) passes through untouched.
const legislatorSchema = z.object({
  id: z.object({ bioguide: z.string().min(1) }),
  name: z.object({
    first: z.string(),
    middle: z.string().optional(),
    last: z.string(),
    nickname: z.string().optional(),
    suffix: z.string().optional(),
    official_full: z.string().optional(),
  }),
  terms: z.array(
    z.object({
      type: z.enum(['rep', 'sen']),
      start: dateText,
      end: dateText,
      state: z.string().length(2),
      district: z.number().int().optional(),
      party: z.string().optional(),
      party_affiliations: z.array(z.object({ start: dateText, end: dateText, party: z.string() })).optional(),
    }),
  ),
});

/** unitedstates/congress-legislators `legislators-current.yaml` → members with dated terms. Throws on a malformed file. */
export function parseLegislators(yamlText: string): Member[] {
  const doc = parse(yamlText) as unknown;
  const list = z.array(legislatorSchema).parse(doc);
  return list.map((l) => ({
    bioguideId: l.id.bioguide,
    fullName: l.name.official_full ?? `${l.name.first} ${l.name.last}`,
    firstName: l.name.first,
    middleName: l.name.middle ?? null,
    lastName: l.name.last,
    nickname: l.name.nickname ?? null,
    suffix: l.name.suffix ?? null,
    terms: l.terms.map((t) => ({
      type: t.type,
      start: t.start,
      end: t.end,
      state: t.state,
      district: t.type === 'rep' ? (t.district ?? 0) : null,
      party: t.party ?? null,
      partyAffiliations: t.party_affiliations ?? [],
    })),
  }));
}
