import type { MemberInput } from './types';

/**
 * One stretch of a member's service with fixed (party, state, district): a whole term, or
 * the part of a term covered by one `party_affiliations` entry. dim_member versions are
 * runs of consecutive segments with the same attributes.
 */
export interface MemberSegment {
  bioguide_id: string;
  full_name: string;
  /** Order of the segment within the member (after sorting by start). */
  seg_no: number;
  seg_start: string;
  seg_end: string;
  party: string | null;
  state: string | null;
  district: number | null;
}

export class MemberInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemberInputError';
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new MemberInputError(`${what}: expected an ISO date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Flatten legislators into ordered segments. Party switches inside a term split it at the
 * affiliation boundaries (clipped to the term). When two segments start on the same day the
 * later-listed one wins, so every version has a distinct valid_from (and a distinct key).
 */
export function memberSegments(legislators: MemberInput[]): MemberSegment[] {
  const seen = new Set<string>();
  const out: MemberSegment[] = [];
  for (const member of legislators) {
    const id = member.bioguide_id?.trim();
    if (!id) throw new MemberInputError(`member without bioguide_id: ${JSON.stringify(member.full_name)}`);
    if (seen.has(id)) throw new MemberInputError(`duplicate bioguide_id ${id}`);
    seen.add(id);
    if (!member.terms?.length) throw new MemberInputError(`member ${id} has no terms`);
    const raw: Omit<MemberSegment, 'seg_no'>[] = [];
    member.terms.forEach((term, i) => {
      const where = `member ${id} term ${i + 1}`;
      const start = checkDate(term.start, `${where} start`);
      const end = checkDate(term.end, `${where} end`);
      if (end < start) throw new MemberInputError(`${where}: end ${end} is before start ${start}`);
      const base = { bioguide_id: id, full_name: member.full_name, state: term.state ?? null, district: term.district ?? null };
      const affiliations = (term.party_affiliations ?? [])
        .map((a, j) => ({
          start: checkDate(a.start, `${where} party_affiliations[${j}].start`),
          end: checkDate(a.end, `${where} party_affiliations[${j}].end`),
          party: a.party,
        }))
        // biome-ignore lint/complexity/useMathMinMax: ISO date strings, which Math.max/min would turn into NaN
        .map((a) => ({ ...a, start: a.start < start ? start : a.start, end: a.end > end ? end : a.end }))
        .filter((a) => a.start <= a.end)
        .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
      if (affiliations.length === 0) raw.push({ ...base, seg_start: start, seg_end: end, party: term.party ?? null });
      else for (const a of affiliations) raw.push({ ...base, seg_start: a.start, seg_end: a.end, party: a.party ?? null });
    });
    // Stable sort keeps input order for equal starts; the later one then replaces the earlier.
    raw.sort((a, b) => (a.seg_start < b.seg_start ? -1 : a.seg_start > b.seg_start ? 1 : 0));
    const segments: Omit<MemberSegment, 'seg_no'>[] = [];
    for (const s of raw) {
      if (segments.length && segments[segments.length - 1].seg_start === s.seg_start) segments[segments.length - 1] = s;
      else segments.push(s);
    }
    for (const [seg_no, s] of segments.entries()) out.push({ ...s, seg_no });
  }
  return out;
}

/** Newline-delimited JSON for read_json (values are data, never SQL text). */
export function memberSegmentsNdjson(segments: MemberSegment[]): string {
  return segments.map((s) => JSON.stringify(s)).join('\n') + (segments.length ? '\n' : '');
}
