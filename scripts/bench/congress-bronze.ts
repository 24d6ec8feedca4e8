/**
 * congress-pipeline's input: a lake whose bronze holds what FetchBills and FetchDetails would have left there for
 * one batch — each bill's six congress.gov responses (the package's generator, widened below to a Congress's
 * shape), the batch's FetchDetails chunks, and the committee membership file — so no HTTP is timed.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { billId, generatedBill } from '@medallion/congress';
import { batchPartition, medallionKey } from '@medallion/lake';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from './paths';

export const BENCH_BATCH = { seq: 1, fromSeq: 0, fromDateTime: '2020-01-01T00:00:00Z', toDateTime: '2026-01-01T00:00:00Z', ts: '2026-01-01T00:00:00Z' };
/** Bills per FetchDetails chunk (the pipeline's default, CONGRESS_CHUNK_SIZE). */
const CHUNK_SIZE = 100;

const SAMPLE = join(REPO_ROOT, 'sample-data', 'congress');

// The lake layout congress-steps writes (its batch.ts `keys`; not exported, so spelled out here).
const compact = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
export const congressKeys = {
  bronzeBill: (id: string, updateDate: string) => medallionKey('bronze', 'congress', 'bills', `bill_id=${id}`, `update=${compact(updateDate)}.json`),
  bronzeBillsGlob: 'bronze/congress/bills/*/*.json',
  committeeMembership: medallionKey('bronze', 'congress', 'members', 'committee-membership-current.yaml'),
  chunk: (i: number) => medallionKey('_batches', 'congress_chunks', batchPartition(BENCH_BATCH.seq), `chunk=${String(i).padStart(5, '0')}.json`),
  chunksPrefix: `_batches/congress_chunks/${batchPartition(BENCH_BATCH.seq)}/`,
};

const SUBJECTS = [
  'Securities',
  'Banking and financial institutions regulation',
  'Congressional oversight',
  'Government information and archives',
  'Taxation',
  'Health care costs and insurance',
  'Energy efficiency and conservation',
  'Computer security and identity theft',
  'Small business',
  'Federal officials',
];
const LATER_ACTIONS = ['Subcommittee Hearings Held.', 'Ordered to be Reported by Voice Vote.', 'Reported by the Committee.', 'Passed/agreed to in House.'];
const SUMMARY =
  'This bill requires the agency to establish a program and report to Congress on its implementation, including the costs, ' +
  'the number of entities affected, and recommendations for legislative action. The bill also sets out requirements for ' +
  'notice and comment, directs the Government Accountability Office to review the program, and authorizes appropriations. ';

/** Members and committees of the real committee-membership-current.yaml (the project's sample data). */
export function realMembership(): { yaml: string; members: string[]; committees: string[] } {
  const yaml = readFileSync(join(SAMPLE, 'committee-membership-current.yaml'), 'utf8');
  const parsed = parseYaml(yaml) as Record<string, { bioguide: string }[]>;
  const members = [...new Set(Object.values(parsed).flatMap((seats) => seats.map((s) => s.bioguide)))].sort();
  // HSGO → hsgo00 (full committee), HSGO05 → hsgo05: the congress.gov system codes.
  const committees = Object.keys(parsed).map((id) => (id.length === 4 ? `${id}00` : id).toLowerCase());
  return { yaml, members, committees };
}

type Obj = Record<string, unknown>;
const day = (iso: string, plusDays: number) => new Date(Date.parse(iso) + plusDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Bill `i`: generatedBill (3 actions, 0–2 cosponsors, one committee, one subject, no summary) widened toward a
 * real Congress: 0–11 more cosponsors, 0–8 more subjects, 4 more actions on one bill in five, a summary on three in four.
 */
export function benchBill(i: number, members: string[], committees: string[]): { billId: string; updateDate: string; responses: Obj } {
  const g = generatedBill(i, { members, committees, start: new Date('2023-02-01T00:00:00Z') });
  const r = structuredClone(g.responses) as unknown as Record<string, Obj>;
  const bill = (r.detail as { bill: Obj }).bill;
  const introduced = bill.introducedDate as string;
  const sponsor = (bill.sponsors as Obj[])[0]!.bioguideId as string;
  const cosponsors = r.cosponsors!.cosponsors as Obj[];
  const have = new Set([sponsor, ...cosponsors.map((c) => c.bioguideId as string)]);
  for (let k = 0; k < i % 12; k++) {
    const id = members[(i * 31 + k * 17) % members.length]!;
    if (have.has(id)) continue;
    have.add(id);
    cosponsors.push({
      bioguideId: id,
      fullName: `Member ${id}`,
      party: k % 2 ? 'D' : 'R',
      state: 'DC',
      district: k + 1,
      isOriginalCosponsor: k < 3,
      sponsorshipDate: day(introduced, k * 5),
      sponsorshipWithdrawnDate: k === 7 ? day(introduced, 60) : null,
    });
  }
  const subjects = (r.subjects!.subjects as { legislativeSubjects: Obj[] }).legislativeSubjects;
  for (let k = 0; k < i % 9; k++) subjects.push({ name: SUBJECTS[(i + k) % SUBJECTS.length] });
  if (i % 5 === 0) {
    const actions = r.actions!.actions as Obj[];
    const committee = (r.committees!.committees as Obj[])[0]!.systemCode as string;
    const later = LATER_ACTIONS.map((text, k) => ({
      actionCode: k === 3 ? '8000' : null,
      actionDate: day(introduced, 40 + k * 10),
      actionTime: k === 3 ? '14:05:12' : null,
      text,
      type: k === 3 ? 'Floor' : 'Committee',
      sourceSystem: { code: k === 3 ? 2 : 1, name: 'House committee actions' },
      committees: k === 3 ? null : [{ systemCode: committee, name: `Committee ${committee}` }],
    }));
    actions.unshift(...later.reverse()); // the API lists newest first
  }
  if (i % 4 !== 3) {
    r.summaries!.summaries = [
      {
        versionCode: '00',
        actionDate: introduced,
        actionDesc: 'Introduced in House',
        text: ` <p><b>${bill.title as string}</b></p> <p>${SUMMARY.repeat(1 + (i % 4))}</p>`,
        updateDate: `${day(introduced, 30)}T16:30:00Z`,
      },
    ];
  }
  return { billId: billId(g.ref), updateDate: g.listItem.updateDate, responses: r };
}

/** The real 117 HR 21 responses (sample-data/congress/recorded), as one more bronze bill. */
function hr21(): { billId: string; updateDate: string; responses: Obj } {
  const read = (name: string) => JSON.parse(readFileSync(join(SAMPLE, 'recorded', `bill_117_hr_21${name}.json`), 'utf8')) as Obj;
  const detail = read('');
  const responses: Obj = { detail };
  for (const resource of ['actions', 'cosponsors', 'committees', 'subjects', 'summaries']) responses[resource] = read(`_${resource}`);
  return { billId: '117-hr-21', updateDate: (detail.bill as Obj).updateDate as string, responses };
}

async function put(lakeDir: string, key: string, body: string): Promise<void> {
  const path = join(lakeDir, key);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
}

/** Writes `bills` generated bills plus the real HR 21 into bronze, the chunks, and the committee membership. */
export async function writeCongressBronze(lakeDir: string, bills: number): Promise<void> {
  const { yaml, members, committees } = realMembership();
  await put(lakeDir, congressKeys.committeeMembership, yaml);
  const items: { billId: string; updateDate: string }[] = [];
  const BATCH = 64;
  for (let start = 0; start <= bills; start += BATCH) {
    const writes = [];
    for (let i = start; i < Math.min(start + BATCH, bills + 1); i++) {
      const b = i === bills ? hr21() : benchBill(i, members, committees);
      items.push({ billId: b.billId, updateDate: b.updateDate });
      const body = { billId: b.billId, updateDate: b.updateDate, fetchedFor: BENCH_BATCH.seq, ...b.responses };
      writes.push(put(lakeDir, congressKeys.bronzeBill(b.billId, b.updateDate), `${JSON.stringify(body)}\n`));
    }
    await Promise.all(writes);
  }
  for (let c = 0; c * CHUNK_SIZE < items.length; c++) {
    await put(lakeDir, congressKeys.chunk(c), `${JSON.stringify(items.slice(c * CHUNK_SIZE, (c + 1) * CHUNK_SIZE))}\n`);
  }
}
