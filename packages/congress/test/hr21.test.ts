import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { billToSilver, BillParseError, committeeThomasId, type BillResponses } from '../src/silver';

const recorded = fileURLToPath(new URL('../../../sample-data/congress/recorded/', import.meta.url));
const read = (name: string): unknown => JSON.parse(readFileSync(`${recorded}${name}.json`, 'utf8'));
const hr21 = (): BillResponses => ({
  detail: read('bill_117_hr_21'),
  actions: read('bill_117_hr_21_actions'),
  cosponsors: read('bill_117_hr_21_cosponsors'),
  committees: read('bill_117_hr_21_committees'),
  subjects: read('bill_117_hr_21_subjects'),
  summaries: read('bill_117_hr_21_summaries'),
});

describe('real congress.gov responses for 117 HR 21 → silver', () => {
  const silver = billToSilver(hr21());

  test('silver_bills: every column', () => {
    expect(silver.bill).toEqual({
      bill_id: '117-hr-21',
      congress: 117,
      bill_type: 'hr',
      bill_number: 21,
      title: 'FedRAMP Authorization Act',
      origin_chamber: 'House',
      introduced_date: '2021-01-04',
      update_date: '2022-03-25 01:16:59',
      policy_area: 'Government Operations and Politics',
      latest_action_date: '2021-01-06',
      latest_action_text: 'Received in the Senate and Read twice and referred to the Committee on Homeland Security and Governmental Affairs.',
      sponsor_bioguide_id: 'C001078',
      action_count: 10,
      cosponsor_count: 2,
      committee_count: 2,
      subject_count: 13,
      is_synthetic: false,
    });
  });

  test('silver_bill_actions: ten actions, oldest first, every column', () => {
    const floor = 'House floor actions';
    const row = (
      action_seq: number,
      action_date: string,
      action_time: string | null,
      action_code: string | null,
      action_type: string,
      source_system: string,
      action_text: string,
      committee_codes: string[] = [],
    ) => ({
      bill_id: '117-hr-21',
      action_seq,
      action_date,
      action_time,
      action_code,
      action_type,
      action_text,
      source_system,
      committee_codes,
    });
    expect(silver.actions).toEqual([
      row(1, '2021-01-04', null, '1000', 'IntroReferral', 'Library of Congress', 'Introduced in House'),
      row(2, '2021-01-04', null, 'Intro-H', 'IntroReferral', 'Library of Congress', 'Introduced in House'),
      row(3, '2021-01-04', null, 'H11100', 'IntroReferral', floor, 'Referred to the House Committee on Oversight and Reform.', ['hsgo00']),
      row(4, '2021-01-05', '12:05:23', 'H30300', 'Floor', floor, 'Mrs. Maloney, Carolyn B. moved to suspend the rules and pass the bill.'),
      row(5, '2021-01-05', '12:05:38', 'H30000', 'Floor', floor, 'Considered under suspension of the rules. (consideration: CR H58-62)'),
      row(6, '2021-01-05', '12:05:39', 'H8D000', 'Floor', floor, 'DEBATE - The House proceeded with forty minutes of debate on H.R. 21.'),
      row(
        7,
        '2021-01-05',
        '12:17:14',
        '8000',
        'Floor',
        'Library of Congress',
        'Passed/agreed to in House: On motion to suspend the rules and pass the bill Agreed to by voice vote.(text: CR H58-60)',
      ),
      row(8, '2021-01-05', '12:17:14', 'H37300', 'Floor', floor, 'On motion to suspend the rules and pass the bill Agreed to by voice vote. (text: CR H58-60)'),
      row(9, '2021-01-05', '12:17:16', 'H38310', 'Floor', floor, 'Motion to reconsider laid on the table Agreed to without objection.'),
      row(
        10,
        '2021-01-06',
        null,
        null,
        'IntroReferral',
        'Senate',
        'Received in the Senate and Read twice and referred to the Committee on Homeland Security and Governmental Affairs.',
        ['ssga00'],
      ),
    ]);
  });

  test('silver_bill_sponsorships: the sponsor and both original cosponsors', () => {
    expect(silver.sponsorships).toEqual([
      {
        bill_id: '117-hr-21',
        bioguide_id: 'C001078',
        role: 'sponsor',
        is_original_cosponsor: null,
        sponsorship_date: '2021-01-04',
        withdrawn_date: null,
        party: 'D',
        state: 'VA',
        district: 11,
      },
      {
        bill_id: '117-hr-21',
        bioguide_id: 'C001108',
        role: 'cosponsor',
        is_original_cosponsor: true,
        sponsorship_date: '2021-01-04',
        withdrawn_date: null,
        party: 'R',
        state: 'KY',
        district: 1,
      },
      {
        bill_id: '117-hr-21',
        bioguide_id: 'H001071',
        role: 'cosponsor',
        is_original_cosponsor: true,
        sponsorship_date: '2021-01-04',
        withdrawn_date: null,
        party: 'R',
        state: 'GA',
        district: 10,
      },
    ]);
  });

  test('silver_bill_committees: one row per committee activity', () => {
    expect(silver.committees).toEqual([
      {
        bill_id: '117-hr-21',
        committee_code: 'ssga00',
        parent_committee_code: null,
        committee_name: 'Homeland Security and Governmental Affairs Committee',
        chamber: 'Senate',
        activity: 'Referred to',
        activity_date: '2021-01-07 01:26:34',
      },
      {
        bill_id: '117-hr-21',
        committee_code: 'hsgo00',
        parent_committee_code: null,
        committee_name: 'Oversight and Reform Committee',
        chamber: 'House',
        activity: 'Referred to',
        activity_date: '2021-01-04 15:11:25',
      },
    ]);
    expect(committeeThomasId('hsgo00')).toBe('HSGO');
    expect(committeeThomasId('hsgo05')).toBe('HSGO05');
  });

  test('silver_bill_subjects: 13 legislative subjects and the policy area', () => {
    expect(silver.subjects).toHaveLength(14);
    expect(silver.subjects.slice(0, 3)).toEqual([
      { bill_id: '117-hr-21', subject: 'Administrative law and regulatory procedures', kind: 'legislative' },
      { bill_id: '117-hr-21', subject: 'Advisory bodies', kind: 'legislative' },
      { bill_id: '117-hr-21', subject: 'Computer security and identity theft', kind: 'legislative' },
    ]);
    expect(silver.subjects.at(-2)).toEqual({ bill_id: '117-hr-21', subject: 'Public participation and lobbying', kind: 'legislative' });
    expect(silver.subjects.at(-1)).toEqual({ bill_id: '117-hr-21', subject: 'Government Operations and Politics', kind: 'policy_area' });
  });

  test('silver_bill_summaries: both versions, HTML kept (trimmed), every column', () => {
    const raw = (read('bill_117_hr_21_summaries') as { summaries: { text: string }[] }).summaries;
    expect(silver.summaries).toEqual([
      {
        bill_id: '117-hr-21',
        version_code: '00',
        action_date: '2021-01-04',
        action_desc: 'Introduced in House',
        summary_html: raw[0].text.trim(),
        update_date: '2021-02-06 15:02:10',
      },
      {
        bill_id: '117-hr-21',
        version_code: '53',
        action_date: '2021-01-05',
        action_desc: 'Passed House',
        summary_html: raw[1].text.trim(),
        update_date: '2021-02-09 20:56:05',
      },
    ]);
    expect(silver.summaries[0].summary_html).toMatch(/^<p><b>Federal Risk and Authorization Management Program Authorization Act of 2021/);
  });

  test('a response missing a needed field names the resource and the path', () => {
    const broken = hr21();
    const cos = structuredClone(broken.cosponsors) as { cosponsors: Record<string, unknown>[] };
    cos.cosponsors[1].bioguideId = 'not-an-id';
    expect(() => billToSilver({ ...broken, cosponsors: cos })).toThrow(BillParseError);
    expect(() => billToSilver({ ...broken, cosponsors: cos })).toThrow(/^cosponsors: cosponsors\.1\.bioguideId: a bioguide id/);
  });
});
