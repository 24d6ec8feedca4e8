import { BILL_TYPES, type BillRef, billPath } from './bill-id';
import type { BillListItem } from './responses';
import type { BillResponses } from './silver';

interface GeneratedBillOptions {
  /** Sponsors and cosponsors are drawn from these bioguide ids (e.g. the members who filed PTRs). */
  members: string[];
  /** Committee system codes bills are referred to. */
  committees?: string[];
  /** First updateDate; bill i is updated i minutes later (so updateDate paging has many distinct values). */
  start?: Date;
  congress?: number;
}

/** A small deterministic generator (mulberry32): the same index always gives the same bill. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Bill `index` (0-based) of a generated backfill: its list entry and its six responses, shaped like congress.gov v3. */
export function generatedBill(index: number, options: GeneratedBillOptions): { ref: BillRef; listItem: BillListItem; responses: BillResponses } {
  const r = rng(index + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const congress = options.congress ?? 118;
  const ref: BillRef = { congress, billType: BILL_TYPES[index % 2 === 0 ? 0 : 1], billNumber: 9000 + index };
  const start = options.start ?? new Date('2024-01-01T00:00:00Z');
  const updated = new Date(start.getTime() + index * 60_000);
  const introduced = new Date(start.getTime() - (30 + Math.floor(r() * 300)) * 86_400_000);
  const sponsor = pick(options.members);
  const cosponsors = [...new Set([pick(options.members), pick(options.members)])].filter((m) => m !== sponsor);
  const committee = pick(options.committees ?? ['hsgo00', 'hsba00', 'ssbk00']);
  const actionDates = [introduced, new Date(introduced.getTime() + 7 * 86_400_000), new Date(introduced.getTime() + 21 * 86_400_000)];
  const title = `Generated Act ${index}`;
  const url = `https://api.congress.gov${billPath(ref)}?format=json`;
  const person = (id: string) => ({ bioguideId: id, fullName: `Member ${id}`, party: 'I', state: 'DC', district: null });
  return {
    ref,
    listItem: { congress, type: ref.billType.toUpperCase(), number: String(ref.billNumber), updateDate: iso(updated), title },
    responses: {
      detail: {
        bill: {
          congress,
          type: ref.billType.toUpperCase(),
          number: String(ref.billNumber),
          title,
          originChamber: ref.billType === 's' ? 'Senate' : 'House',
          introducedDate: day(introduced),
          updateDate: iso(updated),
          policyArea: { name: 'Finance and Financial Sector' },
          latestAction: { actionDate: day(actionDates[2]), text: 'Committee hearings held.' },
          sponsors: [person(sponsor)],
          url,
          // Not a congress.gov field: marks generated bills so silver says is_synthetic (never in real responses).
          _synthetic: true,
        },
      },
      actions: {
        actions: actionDates
          .map((d, i) => ({
            actionCode: null,
            actionDate: day(d),
            text: ['Introduced.', 'Referred to committee.', 'Committee hearings held.'][i],
            type: ['IntroReferral', 'IntroReferral', 'Committee'][i],
            sourceSystem: { code: 9, name: 'Library of Congress' },
            committees: i === 0 ? null : [{ systemCode: committee, name: `Committee ${committee}` }],
          }))
          .reverse(),
      },
      cosponsors: {
        cosponsors: cosponsors.map((id) => ({ ...person(id), isOriginalCosponsor: true, sponsorshipDate: day(introduced), sponsorshipWithdrawnDate: null })),
      },
      committees: {
        committees: [
          {
            systemCode: committee,
            name: `Committee ${committee}`,
            chamber: 'House',
            type: 'Standing',
            activities: [{ date: iso(actionDates[1]), name: 'Referred to' }],
          },
        ],
      },
      subjects: { subjects: { legislativeSubjects: [{ name: 'Securities' }], policyArea: { name: 'Finance and Financial Sector' } } },
      summaries: { summaries: [] },
    },
  };
}
