import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { sqlPath } from '@medallion/duck';
import { buildDimMember, type MemberInput } from '../src/index';
import { MemberInputError } from '../src/member-terms';
import { surrogateKey } from '../src/keys';
import { loadLegislatorsFixture } from './helpers/legislators';
import { sha256, workspace, type Workspace } from './helpers/workdir';

type DimRow = {
  member_key: bigint;
  bioguide_id: string;
  full_name: string;
  party: string;
  state: string;
  district: number | null;
  valid_from: string;
  valid_to: string;
  is_current: boolean;
};

const INGEST = '2025-06-01T12:00:00Z';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await ws.close();
});

async function build(legislators: MemberInput[], ingestTs = INGEST): Promise<DimRow[]> {
  const outFile = ws.path('dim_member.parquet');
  await buildDimMember(ws.duck, { legislators, outFile, ingestTs });
  return ws.duck.all<DimRow>(`SELECT * FROM read_parquet(${sqlPath(outFile)}) ORDER BY bioguide_id, valid_from`);
}

const rep = (start: string, end: string, state: string, district: number, party: string) => ({ type: 'rep' as const, start, end, state, district, party });

describe('buildDimMember', () => {
  it('merges consecutive terms with the same party, state and district into one version', async () => {
    const rows = await build([
      {
        bioguide_id: 'P000197',
        full_name: 'Nancy Pelosi',
        terms: [rep('2019-01-03', '2021-01-03', 'CA', 12, 'Democrat'), rep('2021-01-03', '2023-01-03', 'CA', 12, 'Democrat')],
      },
    ]);
    // Service ended (2023-01-03) before the ingest date: the version is closed there.
    expect(rows).toEqual([
      {
        member_key: surrogateKey('P000197|2019-01-03'),
        bioguide_id: 'P000197',
        full_name: 'Nancy Pelosi',
        party: 'Democrat',
        state: 'CA',
        district: 12,
        valid_from: '2019-01-03',
        valid_to: '2023-01-03',
        is_current: false,
      },
    ]);
  });

  it('keeps the last version current while the member is serving', async () => {
    const rows = await build([
      {
        bioguide_id: 'P000197',
        full_name: 'Nancy Pelosi',
        terms: [rep('2023-01-03', '2025-01-03', 'CA', 11, 'Democrat'), rep('2025-01-03', '2027-01-03', 'CA', 11, 'Democrat')],
      },
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ valid_from: '2023-01-03', valid_to: '9999-12-31', is_current: true });
  });

  it('starts a new version when redistricting changes the district, expiring the old one the day before', async () => {
    const rows = await build([
      {
        bioguide_id: 'P000197',
        full_name: 'Nancy Pelosi',
        terms: [
          rep('2019-01-03', '2021-01-03', 'CA', 12, 'Democrat'),
          rep('2021-01-03', '2023-01-03', 'CA', 12, 'Democrat'),
          rep('2023-01-03', '2025-01-03', 'CA', 11, 'Democrat'),
          rep('2025-01-03', '2027-01-03', 'CA', 11, 'Democrat'),
        ],
      },
    ]);
    expect(rows.map((r) => [r.district, r.valid_from, r.valid_to, r.is_current])).toEqual([
      [12, '2019-01-03', '2023-01-02', false],
      [11, '2023-01-03', '9999-12-31', true],
    ]);
  });

  it('splits a term at a party switch recorded in party_affiliations', async () => {
    const rows = await build([
      {
        bioguide_id: 'V000133',
        full_name: 'Jefferson Van Drew',
        terms: [
          {
            ...rep('2019-01-03', '2021-01-03', 'NJ', 2, 'Republican'),
            party_affiliations: [
              { start: '2019-01-03', end: '2019-12-18', party: 'Democrat' },
              { start: '2019-12-19', end: '2021-01-03', party: 'Republican' },
            ],
          },
          rep('2021-01-03', '2023-01-03', 'NJ', 2, 'Republican'),
          rep('2025-01-03', '2027-01-03', 'NJ', 2, 'Republican'),
        ],
      },
    ]);
    expect(rows.map((r) => [r.party, r.valid_from, r.valid_to, r.is_current])).toEqual([
      ['Democrat', '2019-01-03', '2019-12-18', false],
      ['Republican', '2019-12-19', '9999-12-31', true],
    ]);
    expect(rows[1].member_key).toBe(surrogateKey('V000133|2019-12-19'));
  });

  it('keeps a gap between terms inside one version when nothing changed, and covers the gap when something did', async () => {
    const rows = await build([
      {
        bioguide_id: 'G000001',
        full_name: 'Gap Same',
        terms: [
          rep('2001-01-03', '2003-01-03', 'TX', 5, 'Republican'),
          rep('2011-01-05', '2013-01-03', 'TX', 5, 'Republican'),
          rep('2025-01-03', '2027-01-03', 'TX', 5, 'Republican'),
        ],
      },
      {
        bioguide_id: 'G000002',
        full_name: 'Gap Moved',
        terms: [rep('2001-01-03', '2003-01-03', 'TX', 5, 'Republican'), rep('2011-01-05', '2027-01-03', 'TX', 7, 'Republican')],
      },
    ]);
    expect(rows.map((r) => [r.bioguide_id, r.district, r.valid_from, r.valid_to])).toEqual([
      ['G000001', 5, '2001-01-03', '9999-12-31'],
      ['G000002', 5, '2001-01-03', '2011-01-04'],
      ['G000002', 7, '2011-01-05', '9999-12-31'],
    ]);
  });

  it('treats a move from the House to the Senate (district null) as a change', async () => {
    const rows = await build([
      {
        bioguide_id: 'C000127',
        full_name: 'Maria Cantwell',
        terms: [
          rep('1993-01-05', '1995-01-03', 'WA', 1, 'Democrat'),
          { type: 'sen', start: '2001-01-03', end: '2007-01-03', state: 'WA', district: null, party: 'Democrat' },
          { type: 'sen', start: '2025-01-03', end: '2031-01-03', state: 'WA', district: null, party: 'Democrat' },
        ],
      },
    ]);
    expect(rows.map((r) => [r.district, r.valid_from, r.valid_to])).toEqual([
      [1, '1993-01-05', '2001-01-02'],
      [null, '2001-01-03', '9999-12-31'],
    ]);
  });

  it('closes the last version at the end of service when the member left before the ingest date', async () => {
    const rows = await build([{ bioguide_id: 'R000001', full_name: 'Retired Member', terms: [rep('2015-01-06', '2019-01-03', 'OH', 3, 'Democrat')] }]);
    expect(rows[0]).toMatchObject({ valid_to: '2019-01-03', is_current: false });
  });

  it('derives member_key from bioguide_id and valid_from only: stable across rebuilds and other members', async () => {
    const alone = await build([{ bioguide_id: 'A000001', full_name: 'A', terms: [rep('2021-01-03', '2027-01-03', 'NY', 10, 'Democrat')] }]);
    const withOthers = await build(
      [
        { bioguide_id: 'B000001', full_name: 'B', terms: [rep('2021-01-03', '2027-01-03', 'NY', 12, 'Republican')] },
        { bioguide_id: 'A000001', full_name: 'A (renamed)', terms: [rep('2021-01-03', '2027-01-03', 'NY', 10, 'Democrat')] },
      ],
      '2026-01-01T00:00:00Z',
    );
    expect(withOthers.find((r) => r.bioguide_id === 'A000001')!.member_key).toBe(alone[0].member_key);
    expect(alone[0].member_key).toBe(surrogateKey('A000001|2021-01-03'));
  });

  it('rejects malformed input with a clear error', async () => {
    const outFile = ws.path('bad.parquet');
    await expect(
      buildDimMember(ws.duck, {
        legislators: [{ bioguide_id: 'X000001', full_name: 'X', terms: [rep('2021-13-03', '2023-01-03', 'NY', 1, 'Democrat')] }],
        outFile,
        ingestTs: INGEST,
      }),
    ).rejects.toThrow(MemberInputError);
    await expect(buildDimMember(ws.duck, { legislators: [{ bioguide_id: 'X000001', full_name: 'X', terms: [] }], outFile, ingestTs: INGEST })).rejects.toThrow(
      /no terms/,
    );
  });

  it('builds the real legislators file: one current version per member, versions contiguous, party switches split', async () => {
    const legislators = loadLegislatorsFixture();
    const rows = await build(legislators);
    const byMember = new Map<string, DimRow[]>();
    for (const r of rows) byMember.set(r.bioguide_id, [...(byMember.get(r.bioguide_id) ?? []), r]);
    expect(byMember.size).toBe(legislators.length);
    for (const versions of byMember.values()) {
      expect(versions.filter((v) => v.is_current)).toHaveLength(1);
      for (let i = 1; i < versions.length; i++) {
        const dayAfter = new Date(`${versions[i - 1].valid_to}T00:00:00Z`);
        dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
        expect(dayAfter.toISOString().slice(0, 10)).toBe(versions[i].valid_from);
      }
    }
    const vanDrew = byMember.get('V000133')!;
    expect(vanDrew.map((v) => [v.party, v.valid_from, v.valid_to])).toEqual([
      ['Democrat', '2019-01-03', '2019-12-18'],
      ['Republican', '2019-12-19', '9999-12-31'],
    ]);
    expect(new Set(rows.map((r) => r.member_key)).size).toBe(rows.length);
  });

  it('rebuilds byte-identical files and leaves no temp files behind', async () => {
    const legislators = loadLegislatorsFixture();
    const a = ws.path('a/dim_member.parquet');
    const b = ws.path('b/dim_member.parquet');
    await buildDimMember(ws.duck, { legislators, outFile: a, ingestTs: INGEST });
    await buildDimMember(ws.duck, { legislators, outFile: b, ingestTs: new Date(INGEST) });
    expect(await sha256(a)).toBe(await sha256(b));
    await buildDimMember(ws.duck, { legislators, outFile: a, ingestTs: INGEST });
    expect(await sha256(a)).toBe(await sha256(b));
    expect(await readdir(ws.path('a'))).toEqual(['dim_member.parquet']);
  });
});
