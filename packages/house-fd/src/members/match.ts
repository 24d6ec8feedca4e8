import type { SilverFiling } from '../types';
import type { Member, MemberTerm } from './legislators';
import { cleanFirstName, nameTokens, nicknamesIn } from './names';

/** What the matcher needs from a filing (a SilverFiling has all of it). */
export type FilerRef = Pick<SilverFiling, 'last_name' | 'first_name' | 'state_district' | 'filing_date'>;

/** Members grouped by House seat ("CA11") so a whole index is matched in one pass. */
export interface MemberIndex {
  bySeat: Map<string, Member[]>;
  byState: Map<string, Member[]>;
}

const seatKey = (state: string, district: number) => `${state}${String(district).padStart(2, '0')}`;

export function indexMembers(members: Member[]): MemberIndex {
  const bySeat = new Map<string, Member[]>();
  const byState = new Map<string, Member[]>();
  const add = (map: Map<string, Member[]>, key: string, m: Member) => {
    const list = map.get(key) ?? [];
    if (!list.includes(m)) list.push(m);
    map.set(key, list);
  };
  for (const m of members) {
    for (const t of m.terms) {
      add(byState, t.state, m);
      if (t.type === 'rep' && t.district !== null) add(bySeat, seatKey(t.state, t.district), m);
    }
  }
  return { bySeat, byState };
}

const covers = (t: MemberTerm, date: string | null) => date === null || (t.start <= date && date <= t.end);

/** "Wasserman Schultz" = "Wasserman-Schultz"; "Sanchez" = "Sánchez"; one name may hold the other's words. */
export function lastNamesMatch(filed: string, member: Member): boolean {
  const a = nameTokens(filed);
  const b = nameTokens(member.lastName);
  if (!a.length || !b.length) return false;
  if (a.join('') === b.join('')) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((t) => t.length >= 3 && long.includes(t));
}

/** Given names agree if any word matches the member's first, middle or nickname (titles and initials aside). */
export function firstNamesMatch(filed: string | null, member: Member): boolean {
  if (!filed) return false;
  const theirs = new Set([member.firstName, member.middleName ?? '', member.nickname ?? ''].flatMap(nameTokens).filter((t) => t.length > 1));
  const ours = [cleanFirstName(filed), ...nicknamesIn(filed)].flatMap(nameTokens).filter((t) => t.length > 1);
  return ours.some((t) => theirs.has(t));
}

function pick(candidates: Member[], filing: FilerRef, needFirst: boolean): string | null {
  const byLast = candidates.filter((m) => lastNamesMatch(filing.last_name, m));
  const byFirst = byLast.filter((m) => firstNamesMatch(filing.first_name, m));
  if (!needFirst && byLast.length === 1) return byLast[0].bioguideId;
  return byFirst.length === 1 ? byFirst[0].bioguideId : null;
}

/**
 * The bioguide id of the House member who filed, or null (candidates, former members, staff).
 * First the seat: whoever held StateDst's seat on the filing date and shares the last name.
 * Then the state (redistricting, a mistyped district): same state, a term covering the date,
 * and both last and first names agreeing. Never guesses between two people.
 */
export function matchFilerToMember(filing: FilerRef, members: Member[] | MemberIndex): string | null {
  const index = Array.isArray(members) ? indexMembers(members) : members;
  const sd = /^([A-Z]{2})(\d{1,2})$/.exec((filing.state_district ?? '').toUpperCase());
  if (!sd) return null;
  const [state, district] = [sd[1], Number(sd[2])];
  const date = filing.filing_date;
  const seat = (index.bySeat.get(seatKey(state, district)) ?? []).filter((m) =>
    m.terms.some((t) => t.type === 'rep' && t.state === state && t.district === district && covers(t, date)),
  );
  const bySeat = pick(seat, filing, false);
  if (bySeat) return bySeat;
  const inState = (index.byState.get(state) ?? []).filter((m) => m.terms.some((t) => t.state === state && covers(t, date)));
  return pick(inState, filing, true);
}

export interface UnmatchedFiler {
  doc_id: string;
  filer_name: string;
  state_district: string | null;
}

export interface MatchResult {
  matched: { doc_id: string; bioguide_id: string }[];
  /** Same as `matched`, keyed by DocID. */
  bioguideByDocId: Record<string, string>;
  unmatched: UnmatchedFiler[];
}

/** Match every filing; the unmatched list is what a steward reviews (mostly candidates). */
export function matchFilings(filings: SilverFiling[], members: Member[]): MatchResult {
  const index = indexMembers(members);
  const result: MatchResult = { matched: [], bioguideByDocId: {}, unmatched: [] };
  for (const f of filings) {
    const id = matchFilerToMember(f, index);
    if (id) {
      result.matched.push({ doc_id: f.doc_id, bioguide_id: id });
      result.bioguideByDocId[f.doc_id] = id;
    } else result.unmatched.push({ doc_id: f.doc_id, filer_name: f.filer_name, state_district: f.state_district });
  }
  return result;
}
