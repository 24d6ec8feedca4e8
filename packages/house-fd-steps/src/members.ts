import { parseLegislators, type Member } from '@medallion/house-fd';
import type { StepDeps } from './config';
import { keys } from './batch';
import type { MemberInput } from '@medallion/house-fd-gold';

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

/** The members file IngestZip put in bronze, parsed (none when it is missing). */
export async function loadMembers(deps: StepDeps): Promise<Member[]> {
  const yaml = await deps.lake.get(keys.bronzeMembers());
  return yaml ? parseLegislators(Buffer.from(yaml).toString('utf8')) : [];
}
