import { z } from 'zod';
import type { Member, MemberTerm } from './legislators';
import { nicknamesIn } from './names';

/**
 * The congress.gov API v3 `/v3/member` list (pages merged into one `members` array): every member
 * whose service began 1929 or later, former members included. Its terms carry years only and
 * its party is the member's current (or last) party, so members from it are coarser than
 * congress-legislators' and are used for whoever that file does not list (see mergeMembers).
 */
const congressGovMemberSchema = z.object({
  bioguideId: z.string().regex(/^[A-Z]\d{6}$/),
  name: z.string().min(1),
  partyName: z.string().min(1).optional(),
  state: z.string().min(1),
  /** The member's (last) House district; absent for senators and some former members. */
  district: z.number().int().nullable().optional(),
  terms: z.object({
    item: z
      .array(
        z.object({
          chamber: z.string(),
          startYear: z.number().int(),
          endYear: z.number().int().optional(),
        }),
      )
      .min(1),
  }),
});
export const congressGovMembersSchema = z.object({ members: z.array(congressGovMemberSchema) });
export type CongressGovMember = z.infer<typeof congressGovMemberSchema>;

/** congress.gov spells states out; everything else in the project uses USPS codes. */
const STATE_CODES: Record<string, string> = {
  Alabama: 'AL',
  Alaska: 'AK',
  'American Samoa': 'AS',
  Arizona: 'AZ',
  Arkansas: 'AR',
  California: 'CA',
  Colorado: 'CO',
  Connecticut: 'CT',
  Delaware: 'DE',
  'District of Columbia': 'DC',
  Florida: 'FL',
  Georgia: 'GA',
  Guam: 'GU',
  Hawaii: 'HI',
  Idaho: 'ID',
  Illinois: 'IL',
  Indiana: 'IN',
  Iowa: 'IA',
  Kansas: 'KS',
  Kentucky: 'KY',
  Louisiana: 'LA',
  Maine: 'ME',
  Maryland: 'MD',
  Massachusetts: 'MA',
  Michigan: 'MI',
  Minnesota: 'MN',
  Mississippi: 'MS',
  Missouri: 'MO',
  Montana: 'MT',
  Nebraska: 'NE',
  Nevada: 'NV',
  'New Hampshire': 'NH',
  'New Jersey': 'NJ',
  'New Mexico': 'NM',
  'New York': 'NY',
  'North Carolina': 'NC',
  'North Dakota': 'ND',
  'Northern Mariana Islands': 'MP',
  Ohio: 'OH',
  Oklahoma: 'OK',
  Oregon: 'OR',
  Pennsylvania: 'PA',
  'Puerto Rico': 'PR',
  'Rhode Island': 'RI',
  'South Carolina': 'SC',
  'South Dakota': 'SD',
  Tennessee: 'TN',
  Texas: 'TX',
  Utah: 'UT',
  Vermont: 'VT',
  'Virgin Islands': 'VI',
  Virginia: 'VA',
  Washington: 'WA',
  'West Virginia': 'WV',
  Wisconsin: 'WI',
  Wyoming: 'WY',
};

/** congress-legislators (and so dim_member and agg_trending_stocks) say "Democrat"; congress.gov says "Democratic". */
const PARTY_NAMES: Record<string, string> = { Democratic: 'Democrat' };

const SUFFIX = /^(jr|sr|ii|iii|iv|v)\.?$/i;

/** "Tucker, James G., Jr. (Jim Guy)" → last Tucker, first James, middle G., suffix Jr., nickname Jim Guy. */
export function splitCongressGovName(name: string): Pick<Member, 'fullName' | 'firstName' | 'middleName' | 'lastName' | 'nickname' | 'suffix'> {
  const nickname = nicknamesIn(name)[0] ?? null;
  const plain = name
    .replace(/"[^"]*"|\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const [last, given = '', ...rest] = plain.split(',').map((p) => p.trim());
  const suffix = rest.find((p) => SUFFIX.test(p)) ?? null;
  const [firstName = '', ...middle] = given.split(' ').filter(Boolean);
  const fullName = [firstName, ...middle, last].filter(Boolean).join(' ') + (suffix ? `, ${suffix}` : '');
  return { fullName, firstName, middleName: middle.length ? middle.join(' ') : null, lastName: last, nickname, suffix };
}

/**
 * One congress.gov member → a Member. A term's years become 01-01 … 12-31 (an open term runs to
 * 9999-12-31): a PTR filed the year a member left still matches, which is what we want of a
 * report that covers trades made while serving. House terms take the member's district.
 */
export function congressGovMember(m: CongressGovMember): Member {
  const state = STATE_CODES[m.state];
  if (!state) throw new Error(`congress.gov member ${m.bioguideId}: unknown state ${JSON.stringify(m.state)}`);
  const party = m.partyName ? (PARTY_NAMES[m.partyName] ?? m.partyName) : null;
  const terms: MemberTerm[] = m.terms.item.map((t) => {
    const house = t.chamber.startsWith('House');
    return {
      type: house ? 'rep' : 'sen',
      start: `${t.startYear}-01-01`,
      end: t.endYear === undefined ? '9999-12-31' : `${t.endYear}-12-31`,
      state,
      district: house ? (m.district ?? null) : null,
      party,
      partyAffiliations: [],
    };
  });
  return { bioguideId: m.bioguideId, ...splitCongressGovName(m.name), terms };
}

/** The congress.gov member list (JSON text, `{ members: [...] }`) → members. Throws on a malformed file. */
export function parseCongressGovMembers(jsonText: string): Member[] {
  const parsed = congressGovMembersSchema.parse(JSON.parse(jsonText));
  return parsed.members.map(congressGovMember);
}

/**
 * The precise list first (congress-legislators, dated terms and party switches), then every
 * member of the complete list it does not hold (former members). Order is kept, so the result
 * (and dim_member) is deterministic.
 */
export function mergeMembers(precise: Member[], complete: Member[]): Member[] {
  const known = new Set(precise.map((m) => m.bioguideId));
  return [...precise, ...complete.filter((m) => !known.has(m.bioguideId))];
}
