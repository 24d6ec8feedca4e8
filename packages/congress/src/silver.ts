import type { z } from 'zod';
import { type BillType, BILL_TYPES, billId } from './bill-id';
import { actionsSchema, billDetailSchema, committeesSchema, cosponsorsSchema, subjectsSchema, summariesSchema } from './responses';

/** The raw JSON of one bill as FetchDetails stored it in bronze (detail + the five sub-resources). */
export interface BillResponses {
  detail: unknown;
  actions: unknown;
  cosponsors: unknown;
  committees: unknown;
  subjects: unknown;
  summaries: unknown;
}

interface SilverBill {
  bill: Record<string, unknown>;
  actions: Record<string, unknown>[];
  sponsorships: Record<string, unknown>[];
  committees: Record<string, unknown>[];
  subjects: Record<string, unknown>[];
  summaries: Record<string, unknown>[];
}

/** Column types of each silver table, in file order (writeRowsToParquet; docs/tables/silver_bill*.md). */
export const SILVER_COLUMNS = {
  bills: {
    bill_id: 'VARCHAR',
    congress: 'INTEGER',
    bill_type: 'VARCHAR',
    bill_number: 'INTEGER',
    title: 'VARCHAR',
    origin_chamber: 'VARCHAR',
    introduced_date: 'DATE',
    update_date: 'TIMESTAMP',
    policy_area: 'VARCHAR',
    latest_action_date: 'DATE',
    latest_action_text: 'VARCHAR',
    sponsor_bioguide_id: 'VARCHAR',
    action_count: 'INTEGER',
    cosponsor_count: 'INTEGER',
    committee_count: 'INTEGER',
    subject_count: 'INTEGER',
    is_synthetic: 'BOOLEAN',
  },
  bill_actions: {
    bill_id: 'VARCHAR',
    action_seq: 'INTEGER',
    action_date: 'DATE',
    action_time: 'VARCHAR',
    action_code: 'VARCHAR',
    action_type: 'VARCHAR',
    action_text: 'VARCHAR',
    source_system: 'VARCHAR',
    committee_codes: 'VARCHAR[]',
  },
  bill_sponsorships: {
    bill_id: 'VARCHAR',
    bioguide_id: 'VARCHAR',
    role: 'VARCHAR',
    is_original_cosponsor: 'BOOLEAN',
    sponsorship_date: 'DATE',
    withdrawn_date: 'DATE',
    party: 'VARCHAR',
    state: 'VARCHAR',
    district: 'INTEGER',
  },
  bill_committees: {
    bill_id: 'VARCHAR',
    committee_code: 'VARCHAR',
    parent_committee_code: 'VARCHAR',
    committee_name: 'VARCHAR',
    chamber: 'VARCHAR',
    activity: 'VARCHAR',
    activity_date: 'TIMESTAMP',
  },
  bill_subjects: { bill_id: 'VARCHAR', subject: 'VARCHAR', kind: 'VARCHAR' },
  bill_summaries: {
    bill_id: 'VARCHAR',
    version_code: 'VARCHAR',
    action_date: 'DATE',
    action_desc: 'VARCHAR',
    summary_html: 'VARCHAR',
    update_date: 'TIMESTAMP',
  },
} as const satisfies Record<string, Record<string, string>>;
export type SilverTable = keyof typeof SILVER_COLUMNS;

/** A response that does not have the shape the pipeline needs: the bill is quarantined with this reason. */
export class BillParseError extends Error {
  override name = 'BillParseError';
}

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown, resource: string): z.infer<T> {
  const out = schema.safeParse(value);
  if (out.success) return out.data;
  const issue = out.error.issues[0];
  throw new BillParseError(`${resource}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** '2022-03-25T01:16:59Z' → '2022-03-25 01:16:59' (a TIMESTAMP, UTC); a bare date stays midnight. */
const timestamp = (s: string): string => (s.length === 10 ? `${s} 00:00:00` : s.replace('T', ' ').replace(/Z$/, '').slice(0, 19));

function billTypeOf(type: string): BillType {
  const t = type.toLowerCase();
  if (!(BILL_TYPES as readonly string[]).includes(t)) throw new BillParseError(`detail: bill.type: unknown bill type ${JSON.stringify(type)}`);
  return t as BillType;
}

/**
 * One bill's congress.gov responses → its rows in the six silver tables. Pure: the same responses give
 * the same rows. Actions are numbered oldest first (the API lists newest first), ties kept in API order.
 */
export function billToSilver(raw: BillResponses, options: { isSynthetic?: boolean } = {}): SilverBill {
  const detail = parse(billDetailSchema, raw.detail, 'detail').bill;
  const actions = parse(actionsSchema, raw.actions, 'actions').actions;
  const cosponsors = parse(cosponsorsSchema, raw.cosponsors, 'cosponsors').cosponsors;
  const committees = parse(committeesSchema, raw.committees, 'committees').committees;
  const subjects = parse(subjectsSchema, raw.subjects, 'subjects').subjects;
  const summaries = parse(summariesSchema, raw.summaries, 'summaries').summaries;
  const ref = { congress: detail.congress, billType: billTypeOf(detail.type), billNumber: Number(detail.number) };
  const id = billId(ref);
  const sponsor = detail.sponsors[0];

  const bill = {
    bill_id: id,
    congress: ref.congress,
    bill_type: ref.billType,
    bill_number: ref.billNumber,
    title: detail.title,
    origin_chamber: detail.originChamber,
    introduced_date: detail.introducedDate ?? null,
    update_date: timestamp(detail.updateDate),
    policy_area: detail.policyArea?.name ?? subjects.policyArea?.name ?? null,
    latest_action_date: detail.latestAction?.actionDate ?? null,
    latest_action_text: detail.latestAction?.text ?? null,
    sponsor_bioguide_id: sponsor?.bioguideId ?? null,
    action_count: actions.length,
    cosponsor_count: cosponsors.filter((c) => !c.sponsorshipWithdrawnDate).length,
    committee_count: committees.length,
    subject_count: subjects.legislativeSubjects.length,
    is_synthetic: options.isSynthetic ?? detail._synthetic ?? false,
  };

  const actionRows = [...actions].reverse().map((a, i) => ({
    bill_id: id,
    action_seq: i + 1,
    action_date: a.actionDate,
    action_time: a.actionTime,
    action_code: a.actionCode,
    action_type: a.type,
    action_text: a.text,
    source_system: a.sourceSystem?.name ?? null,
    committee_codes: (a.committees ?? []).map((c) => c.systemCode),
  }));

  const sponsorships = [
    ...detail.sponsors.map((s) => ({
      bill_id: id,
      bioguide_id: s.bioguideId,
      role: 'sponsor',
      is_original_cosponsor: null,
      sponsorship_date: detail.introducedDate ?? null,
      withdrawn_date: null,
      party: s.party,
      state: s.state,
      district: s.district ?? null,
    })),
    ...cosponsors.map((c) => ({
      bill_id: id,
      bioguide_id: c.bioguideId,
      role: 'cosponsor',
      is_original_cosponsor: c.isOriginalCosponsor ?? null,
      sponsorship_date: c.sponsorshipDate ?? null,
      withdrawn_date: c.sponsorshipWithdrawnDate ?? null,
      party: c.party,
      state: c.state,
      district: c.district ?? null,
    })),
  ];

  const committeeRows = committees.flatMap((c) => [
    ...c.activities.map((a) => ({
      bill_id: id,
      committee_code: c.systemCode,
      parent_committee_code: null,
      committee_name: c.name,
      chamber: c.chamber,
      activity: a.name,
      activity_date: timestamp(a.date),
    })),
    ...c.subcommittees.flatMap((s) =>
      s.activities.map((a) => ({
        bill_id: id,
        committee_code: s.systemCode,
        parent_committee_code: c.systemCode,
        committee_name: s.name,
        chamber: c.chamber,
        activity: a.name,
        activity_date: timestamp(a.date),
      })),
    ),
  ]);

  const subjectRows = [
    ...subjects.legislativeSubjects.map((s) => ({ bill_id: id, subject: s.name, kind: 'legislative' })),
    ...(subjects.policyArea ? [{ bill_id: id, subject: subjects.policyArea.name, kind: 'policy_area' }] : []),
  ];

  const summaryRows = summaries.map((s) => ({
    bill_id: id,
    version_code: s.versionCode,
    action_date: s.actionDate ?? null,
    action_desc: s.actionDesc,
    summary_html: s.text.trim(),
    update_date: timestamp(s.updateDate),
  }));

  return { bill, actions: actionRows, sponsorships, committees: committeeRows, subjects: subjectRows, summaries: summaryRows };
}

/**
 * congress.gov committee system code → the unitedstates/congress-legislators committee id that
 * committee-membership-current.yaml uses: `hsgo00` → `HSGO` (full committee), `hsgo05` → `HSGO05`.
 */
export function committeeThomasId(systemCode: string): string {
  const up = systemCode.toUpperCase();
  return up.endsWith('00') ? up.slice(0, -2) : up;
}
