import { describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { localStore } from '@medallion/lake';
import { openDuck, sqlPath } from '@medallion/duck';
import { buildDimMember } from '@medallion/house-fd-gold';
import type { Batch } from '../src/batch';
import type { StepDeps } from '../src/config';
import { indexToSilver, ingestZip, toMemberInputs } from '../src/index';
import { dirSource } from '../src/source';
import { loadMembers } from '../src/members';
import { fetchCongressGovPages, fetchMemberList } from '../src/member-list';

const SAMPLE = resolve(import.meta.dirname, '../../../sample-data/house-fd/source');
const BATCH: Batch = { seq: 1, fromSeq: 0, ts: '2025-12-31T12:00:00.000Z', years: [2025], fingerprints: {} };

function source(withList: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'members-src-'));
  mkdirSync(join(dir, 'financial-pdfs'), { recursive: true });
  mkdirSync(join(dir, 'members'), { recursive: true });
  copyFileSync(join(SAMPLE, 'financial-pdfs/2025FD.zip'), join(dir, 'financial-pdfs/2025FD.zip'));
  copyFileSync(join(SAMPLE, 'members/legislators-current.yaml'), join(dir, 'members/legislators-current.yaml'));
  if (withList) copyFileSync(join(SAMPLE, 'members/congress-gov-members.json'), join(dir, 'members/congress-gov-members.json'));
  return dir;
}

describe('the complete member list', () => {
  it('is ingested to bronze and merged after legislators-current.yaml, so former members are known', async () => {
    const deps = { lake: localStore(mkdtempSync(join(tmpdir(), 'members-lake-'))), source: dirSource(source(true)) } as unknown as StepDeps;
    const ingest = await ingestZip(deps, BATCH);
    expect(ingest.memberListKey).toBe('bronze/house_fd/members/congress-gov-members.json');
    const members = await loadMembers(deps);
    expect(members).toHaveLength(2605); // 537 current + the 2,600 of the congress.gov list, 532 of them in both
    expect(members.find((m) => m.bioguideId === 'P000197')?.terms.at(-1)?.end).toBe('2027-01-03'); // current: the dated YAML term
    expect(members.find((m) => m.bioguideId === 'B001311')).toMatchObject({ fullName: 'Dan Bishop' }); // former: from congress.gov
    // The real 2025 index: 37 PTRs by members who left (Greene, Green, Connolly, …) were unmatched with the current list alone.
    expect(await indexToSilver(deps, BATCH)).toMatchObject({ matchedPtrs: 471, unmatchedPtrs: 0, unmatchedSample: [] });

    // Former members get dim_member rows (SCD2 as for everyone; the list's party on their terms).
    const duck = await openDuck();
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'members-dim-')), 'dim_member.parquet');
      await buildDimMember(duck, { legislators: toMemberInputs(members), outFile: out, ingestTs: '2026-01-15T00:00:00Z' });
      const rows = await duck.all(`SELECT bioguide_id, full_name, party, state, district, valid_from, valid_to, is_current FROM read_parquet(${sqlPath(out)})
        WHERE bioguide_id IN ('B001311', 'M001135', 'A000367') ORDER BY bioguide_id, valid_from`);
      expect(rows).toEqual([
        {
          bioguide_id: 'A000367',
          full_name: 'Justin Amash',
          party: 'Libertarian',
          state: 'MI',
          district: 3,
          valid_from: '2011-01-01',
          valid_to: '2021-12-31',
          is_current: false,
        },
        {
          bioguide_id: 'B001311',
          full_name: 'Dan Bishop',
          party: 'Republican',
          state: 'NC',
          district: 8,
          valid_from: '2019-01-01',
          valid_to: '2025-12-31',
          is_current: false,
        },
        {
          bioguide_id: 'M001135',
          full_name: 'Kathy E. Manning',
          party: 'Democrat',
          state: 'NC',
          district: 6,
          valid_from: '2021-01-01',
          valid_to: '2025-12-31',
          is_current: false,
        },
      ]);
    } finally {
      duck.close();
    }
  });

  it('is optional: a source without it leaves legislators-current.yaml alone', async () => {
    const deps = { lake: localStore(mkdtempSync(join(tmpdir(), 'members-lake-'))), source: dirSource(source(false)) } as unknown as StepDeps;
    expect((await ingestZip(deps, BATCH)).memberListKey).toBeNull();
    expect(await loadMembers(deps)).toHaveLength(537);
    expect(await indexToSilver(deps, BATCH)).toMatchObject({ matchedPtrs: 434, unmatchedPtrs: 37 });
  });

  it('comes from the congress.gov API page by page, the key read from SSM and sent in a header', async () => {
    const calls: { url: string; key: string | null }[] = [];
    const pages = [
      { members: [{ bioguideId: 'A000001' }, { bioguideId: 'A000002' }], pagination: { next: 'https://api.congress.gov/v3/member?offset=250' } },
      { members: [{ bioguideId: 'A000003' }], pagination: {} },
    ];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, key: new Headers(init.headers).get('x-api-key') });
      return new Response(JSON.stringify(pages[calls.length - 1]));
    }) as unknown as typeof fetch;
    const io = { fetch: fakeFetch, apiKey: async (name: string) => `key-from-${name}` };
    const list = { kind: 'congress-gov' as const, url: 'https://api.congress.gov/v3/member', apiKeyParameter: '/medallion/congress-gov-api-key' };
    const bytes = await fetchMemberList(list, dirSource(tmpdir()), io);
    expect(JSON.parse(Buffer.from(bytes!).toString('utf8'))).toEqual({ count: 3, members: pages.flatMap((p) => p.members) });
    expect(calls).toEqual([
      { url: 'https://api.congress.gov/v3/member?format=json&limit=250&offset=0', key: 'key-from-/medallion/congress-gov-api-key' },
      { url: 'https://api.congress.gov/v3/member?format=json&limit=250&offset=250', key: 'key-from-/medallion/congress-gov-api-key' },
    ]);
    await expect(fetchMemberList({ ...list, apiKeyParameter: undefined }, dirSource(tmpdir()), io)).rejects.toThrow(/CONGRESS_GOV_API_KEY_PARAMETER/);
    await expect(fetchCongressGovPages(list.url, 'k', (async () => new Response('nope', { status: 403 })) as unknown as typeof fetch)).rejects.toThrow(
      /answered 403/,
    );
  });
});
