import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { memberListSchema } from './responses';

/** congress.gov /v3/member pages → silver_members rows (one per member; merged into dim_member downstream). */
export const MEMBER_COLUMNS = {
  bioguide_id: 'VARCHAR',
  full_name: 'VARCHAR',
  party: 'VARCHAR',
  state: 'VARCHAR',
  district: 'INTEGER',
  chamber: 'VARCHAR',
  first_year: 'INTEGER',
  last_year: 'INTEGER',
  update_date: 'TIMESTAMP',
} as const;

// congress.gov writes "Democratic"; dim_member (house_fd) writes "Democrat": one spelling in gold.
const PARTY: Record<string, string> = { Democratic: 'Democrat' };

export function membersToSilver(pages: unknown[]): Record<string, unknown>[] {
  const byId = new Map<string, Record<string, unknown>>();
  for (const page of pages) {
    for (const m of memberListSchema.parse(page).members) {
      const terms = m.terms?.item ?? [];
      const last = terms.at(-1);
      byId.set(m.bioguideId, {
        bioguide_id: m.bioguideId,
        // "Norton, Eleanor Holmes" → "Eleanor Holmes Norton"
        full_name: m.name.includes(', ') ? `${m.name.split(', ').slice(1).join(', ')} ${m.name.split(', ')[0]}` : m.name,
        party: m.partyName ? (PARTY[m.partyName] ?? m.partyName) : null,
        state: m.state,
        district: m.district ?? null,
        chamber: last?.chamber ?? null,
        first_year: terms.length ? Math.min(...terms.map((t) => t.startYear)) : null,
        last_year: last?.endYear ?? null,
        update_date: m.updateDate ? m.updateDate.replace('T', ' ').replace(/Z$/, '').slice(0, 19) : null,
      });
    }
  }
  return [...byId.values()].sort((a, b) => String(a.bioguide_id).localeCompare(String(b.bioguide_id)));
}

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
