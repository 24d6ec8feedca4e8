import { describe, expect, it } from '@jest/globals';
import { matchFilings, mergeMembers, parseCongressGovMembers, parseFilingIndex, parseLegislators, readZipEntries } from '../src/index';
import { matchFilerToMember, type FilerRef } from '../src/members/match';
import { cleanFirstName, displayName } from '../src/members/names';
import { congressGovMembersJson, INGEST_TS, membersYaml, readSource } from './helpers';

const members = parseLegislators(membersYaml());
const filing = (last_name: string, first_name: string, state_district: string, filing_date: string | null = '2025-06-01'): FilerRef => ({
  last_name,
  first_name,
  state_district,
  filing_date,
});

describe('parseLegislators (real legislators-current.yaml)', () => {
  it('reads every member with dated terms', () => {
    expect(members).toHaveLength(537);
    const pelosi = members.find((m) => m.bioguideId === 'P000197');
    expect(pelosi).toMatchObject({ fullName: 'Nancy Pelosi', firstName: 'Nancy', lastName: 'Pelosi' });
    expect(pelosi?.terms.at(-1)).toEqual({
      type: 'rep',
      start: '2025-01-03',
      end: '2027-01-03',
      state: 'CA',
      district: 11,
      party: 'Democrat',
      partyAffiliations: [],
    });
    const sanders = members.find((m) => m.lastName === 'Sanders' && m.terms.at(-1)?.type === 'sen');
    expect(sanders).toMatchObject({ nickname: 'Bernie' });
    expect(sanders?.terms.at(-1)?.district).toBeNull();
    // At-large seats are district 0.
    expect(members.some((m) => m.terms.at(-1)?.state === 'VT' && m.terms.at(-1)?.district === 0)).toBe(true);
  });

  it('throws on a file that is not legislators YAML', () => {
    expect(() => parseLegislators('- name: nobody\n')).toThrow();
  });
});

describe('name normalisation', () => {
  it('strips titles leaking into First, keeps nicknames', () => {
    expect(cleanFirstName('Mark Dr')).toBe('Mark');
    expect(cleanFirstName('Michael David Ltc (Ret)')).toBe('Michael David');
    expect(cleanFirstName('Charles J. "Chuck"')).toBe('Charles J. "Chuck"');
    expect(displayName('Eugene Robert', 'Young', 'Jr.')).toBe('Eugene Robert Young Jr.');
  });
});

describe('matchFilerToMember with real names', () => {
  it.each([
    ['Pelosi', 'Nancy', 'CA11', 'P000197'],
    ['Delaney', 'April McClain', 'MD06', 'M001232'], // last name filed partly in First
    ['Hill', 'James French', 'AR02', 'H001072'], // member's YAML first name is "J."
    ['Franklin', 'Scott Scott', 'FL18', 'F000472'],
    ['Fine', 'Randy', 'FL06', 'F000484'],
    ['Steube', 'Greg', 'FL17', 'S001214'],
    ['Collins', 'Michael A.', 'GA10', 'C001129'],
  ])('%s, %s (%s) → %s', (last, first, sd, id) => {
    expect(matchFilerToMember(filing(last, first, sd), members)).toBe(id);
  });

  it('folds accents, case, hyphens and suffixes in last names', () => {
    const sanchez = members.find((m) => m.lastName === 'Sánchez');
    const seat = sanchez?.terms.at(-1);
    expect(seat).toBeDefined();
    const sd = `${seat!.state}${String(seat!.district).padStart(2, '0')}`;
    expect(matchFilerToMember(filing('SANCHEZ', 'Linda T.', sd), members)).toBe(sanchez!.bioguideId);
    expect(matchFilerToMember(filing('Delaney-McClain', 'April', 'MD06'), members)).toBe('M001232');
    expect(matchFilerToMember(filing('Pelosi Jr.', 'Nancy', 'CA11'), members)).toBe('P000197');
  });

  it('uses the state when the district is stale (redistricting) but only if first names agree', () => {
    // McCormick filed as GA06 (his 2023-2025 seat) in 2025; he now holds GA07.
    expect(matchFilerToMember(filing('McCormick', 'Richard Dean Dr', 'GA06', '2025-08-01'), members)).toBe('M001218');
    expect(matchFilerToMember(filing('McCormick', 'Someone', 'GA06', '2025-08-01'), members)).toBeNull();
  });

  it('needs the seat on the filing date: no match for candidates, former members, or a wrong state', () => {
    expect(matchFilerToMember(filing('Pelosi', 'Nancy', 'CA11', '1980-01-01'), members)).toBeNull();
    expect(matchFilerToMember(filing('Pelosi', 'Nancy', 'TX11'), members)).toBeNull();
    expect(matchFilerToMember(filing('Green', 'Mark Dr', 'TN07'), members)).toBeNull(); // resigned, not in the current file
    expect(matchFilerToMember(filing('Aaron', 'Richard', 'MI04'), members)).toBeNull(); // a candidate
    expect(matchFilerToMember({ last_name: 'Pelosi', first_name: 'Nancy', state_district: null, filing_date: null }, members)).toBeNull();
  });
});

describe('matchFilings on the real 2025 index', () => {
  const zip = readZipEntries(readSource('financial-pdfs/2025FD.zip'));
  const { filings } = parseFilingIndex(zip['2025FD.xml'], 'xml', { year: 2025, batchSeq: 1, ingestTs: INGEST_TS });

  it('matches 434 of the 471 PTRs; the other 37 are by people no longer in legislators-current.yaml', () => {
    const ptrs = filings.filter((f) => f.filing_type === 'P');
    const res = matchFilings(ptrs, members);
    expect(ptrs).toHaveLength(471);
    expect(res.matched).toHaveLength(434);
    expect(res.unmatched).toHaveLength(37);
    expect(Object.keys(res.bioguideByDocId)).toHaveLength(434);
    expect(res.bioguideByDocId['20026590']).toBe('P000197');
    expect(new Set(res.unmatched.map((u) => u.filer_name))).toEqual(
      new Set(['Gerald E. Connolly', 'Mark Green', 'Marjorie Taylor Greene', 'Kathy Manning', 'Mikie Sherrill', 'Michael Waltz']),
    );
    // None of them is in the members file under that last name and state.
    for (const u of res.unmatched) {
      const f = ptrs.find((p) => p.doc_id === u.doc_id)!;
      expect(members.some((m) => m.lastName === f.last_name && m.terms.some((t) => t.state === f.state))).toBe(false);
    }
  });

  it('matches 453 of all 1,616 filings (candidates are not members)', () => {
    expect(matchFilings(filings, members).matched).toHaveLength(453);
  });

  it('matches all 471 PTRs once former members come from the congress.gov member list (37 unmatched before)', () => {
    const ptrs = filings.filter((f) => f.filing_type === 'P');
    const merged = mergeMembers(members, parseCongressGovMembers(congressGovMembersJson()));
    const res = matchFilings(ptrs, merged);
    expect(res.unmatched).toEqual([]);
    expect(res.matched).toHaveLength(471);
    // The 37 are former members (left, resigned, died in 2025): each gets their own bioguide id.
    const byName = (name: string) => new Set(ptrs.filter((p) => p.filer_name === name).map((p) => res.bioguideByDocId[p.doc_id]));
    expect(byName('Marjorie Taylor Greene')).toEqual(new Set(['G000596']));
    expect(byName('Mark Green')).toEqual(new Set(['G000590']));
    expect(byName('Gerald E. Connolly')).toEqual(new Set(['C001078']));
    expect(byName('Kathy Manning')).toEqual(new Set(['M001135']));
    expect(byName('Mikie Sherrill')).toEqual(new Set(['S001207']));
    expect(byName('Michael Waltz')).toEqual(new Set(['W000823']));
    // The 434 matched before keep their ids.
    const before = matchFilings(ptrs, members).bioguideByDocId;
    for (const [docId, id] of Object.entries(before)) expect(res.bioguideByDocId[docId]).toBe(id);
    expect(matchFilings(filings, merged).matched).toHaveLength(filings.length - 1048);
  });
});

describe('parseCongressGovMembers (real congress.gov /v3/member list)', () => {
  const all = parseCongressGovMembers(congressGovMembersJson());

  it('reads every member, former ones included, with year-wide terms and USPS state codes', () => {
    expect(all).toHaveLength(2600);
    expect(all.find((m) => m.bioguideId === 'B001311')).toEqual({
      bioguideId: 'B001311',
      fullName: 'Dan Bishop',
      firstName: 'Dan',
      middleName: null,
      lastName: 'Bishop',
      nickname: null,
      suffix: null,
      terms: [{ type: 'rep', start: '2019-01-01', end: '2025-12-31', state: 'NC', district: 8, party: 'Republican', partyAffiliations: [] }],
    });
    expect(all.find((m) => m.bioguideId === 'G000596')?.terms).toEqual([
      { type: 'rep', start: '2021-01-01', end: '9999-12-31', state: 'GA', district: 14, party: 'Republican', partyAffiliations: [] },
    ]);
    // "Democratic" is spelled as congress-legislators (and dim_member) spell it; other parties as listed.
    expect(new Set(all.flatMap((m) => m.terms.map((t) => t.party)))).toEqual(
      new Set(['Democrat', 'Republican', 'Independent', 'Independent Democrat', 'Libertarian']),
    );
  });

  it('splits "Last, First Middle, Suffix (Nickname)" names', () => {
    const tucker = all.find((m) => m.lastName === 'Tucker' && m.nickname === 'Jim Guy');
    expect(tucker).toMatchObject({ firstName: 'James', middleName: 'G.', suffix: 'Jr.', fullName: 'James G. Tucker, Jr.' });
    expect(all.find((m) => m.lastName === 'Crawford' && m.firstName === 'Eric')).toMatchObject({ nickname: 'Rick', middleName: 'A.' });
  });

  it('throws on a file that is not the congress.gov member list', () => {
    expect(() => parseCongressGovMembers('{"bills": []}')).toThrow();
    expect(() => parseCongressGovMembers('{"members": [{"bioguideId": "X1", "name": "a", "state": "Texas", "terms": {"item": []}}]}')).toThrow();
  });
});
