import { mergeMembers, parseCongressGovMembers, parseLegislators, type Member } from '@medallion/house-fd';
import type { StepDeps } from './config';
import { keys } from './batch';
import type { MemberInput } from '@medallion/house-fd-gold';
import { MEMBER_LIST_FILES } from './member-list';

/**
 * The YAML parser speaks camelCase (its callers are TypeScript); the gold builder takes the
 * snake_case shape of the congress-legislators file. Terms without a party (rare, historic)
 * are kept with party 'Unknown' so the SCD2 timeline has no holes.
 */
export function toMemberInputs(members: Member[]): MemberInput[] {
  return members.map((m) => ({
    bioguide_id: m.bioguideId,
    full_name: m.fullName,
    terms: m.terms.map((t) => ({
      type: t.type,
      start: t.start,
      end: t.end,
      state: t.state,
      district: t.district,
      party: t.party ?? 'Unknown',
      party_affiliations: t.partyAffiliations.length ? t.partyAffiliations : undefined,
    })),
  }));
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

/**
 * The member files IngestZip put in bronze, parsed and merged: legislators-current.yaml first
 * (dated terms, party switches), then legislators-historical.yaml, then the congress.gov list —
 * each adding only members the ones before do not hold, so former members get matched and a
 * dim_member row. Missing files are skipped (none at all: no members).
 */
export async function loadMembers(deps: StepDeps): Promise<Member[]> {
  const [current, historical, congressGov] = await Promise.all([
    deps.lake.get(keys.bronzeMembers()),
    deps.lake.get(keys.bronzeMemberList(MEMBER_LIST_FILES['legislators-historical'])),
    deps.lake.get(keys.bronzeMemberList(MEMBER_LIST_FILES['congress-gov'])),
  ]);
  let members = current ? parseLegislators(text(current)) : [];
  if (historical) members = mergeMembers(members, parseLegislators(text(historical)));
  if (congressGov) members = mergeMembers(members, parseCongressGovMembers(text(congressGov)));
  return members;
}
