import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const membershipSchema = z.record(
  z.string().regex(/^[A-Z]{4}\d{0,2}$/, 'a committee id like HSGO or HSGO05'),
  z.array(z.object({ bioguide: z.string().regex(/^[A-Z]\d{6}$/), rank: z.number().int().nullish(), title: z.string().nullish() })),
);

export const MEMBER_COMMITTEE_COLUMNS = { bioguide_id: 'VARCHAR', committee_id: 'VARCHAR', rank: 'INTEGER', title: 'VARCHAR' } as const;

/** committee-membership-current.yaml (unitedstates/congress-legislators) → one row per member per committee. */
export function committeeMembershipRows(yamlText: string): Record<string, unknown>[] {
  const parsed = membershipSchema.parse(parseYaml(yamlText));
  return Object.entries(parsed)
    .flatMap(([committee, members]) => members.map((m) => ({ bioguide_id: m.bioguide, committee_id: committee, rank: m.rank ?? null, title: m.title ?? null })))
    .sort((a, b) => a.committee_id.localeCompare(b.committee_id) || a.bioguide_id.localeCompare(b.bioguide_id));
}
