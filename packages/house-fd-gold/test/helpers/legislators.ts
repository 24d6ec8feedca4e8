import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { MemberInput } from '../../src/types';

/**
 * Test/benchmark stand-in for the house-fd members parser: congress-legislators YAML to
 * MemberInput. Only the fields the gold layer needs.
 */
interface RawLegislator {
  id: { bioguide: string };
  name: { first?: string; last?: string; official_full?: string };
  terms: {
    type: 'rep' | 'sen';
    start: string;
    end: string;
    state: string;
    district?: number;
    party: string;
    party_affiliations?: { start: string; end: string; party: string }[];
  }[];
}

export const LEGISLATORS_FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'legislators-current.yaml');

export function membersFromLegislatorsYaml(text: string): MemberInput[] {
  const raw = parse(text) as RawLegislator[];
  return raw.map((l) => ({
    bioguide_id: l.id.bioguide,
    full_name: l.name.official_full ?? [l.name.first, l.name.last].filter(Boolean).join(' '),
    terms: l.terms.map((t) => ({
      type: t.type,
      start: t.start,
      end: t.end,
      state: t.state,
      district: t.type === 'rep' ? (t.district ?? null) : null,
      party: t.party,
      ...(t.party_affiliations ? { party_affiliations: t.party_affiliations.map(({ start, end, party }) => ({ start, end, party })) } : {}),
    })),
  }));
}

export function loadLegislatorsFixture(): MemberInput[] {
  return membersFromLegislatorsYaml(readFileSync(LEGISLATORS_FIXTURE, 'utf8'));
}
