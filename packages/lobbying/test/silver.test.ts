import { billMentions, congressOfYear, parseAmount } from '../src/filings';
import { FilingParseError, filingToSilver } from '../src/silver';

/** A filing shaped like the Senate LDA API's /api/v1/filings/ results (fields as documented). */
const filing = {
  url: 'https://lda.senate.gov/api/v1/filings/4b2a0b6c-1d2e-4f50-9a3b-1c2d3e4f5a6b/',
  filing_uuid: '4b2a0b6c-1d2e-4f50-9a3b-1c2d3e4f5a6b',
  filing_type: 'Q1',
  filing_type_display: '1st Quarter - Report',
  filing_year: 2021,
  filing_period: 'first_quarter',
  filing_period_display: '1st Quarter (Jan 1 - Mar 31)',
  income: '1,230,000.00',
  expenses: null,
  expenses_method: null,
  posted_by_name: 'Jane Doe',
  dt_posted: '2021-04-19T12:34:56-04:00',
  termination_date: null,
  registrant: { id: 401103, name: 'ACME GOVERNMENT RELATIONS', description: 'Lobbying', state: 'DC', country: 'US' },
  client: { id: 12345, client_id: 7, name: 'CLOUD CO', general_description: 'Cloud services', state: 'WA', country: 'US' },
  lobbying_activities: [
    {
      general_issue_code: 'CPI',
      general_issue_code_display: 'Computer Industry',
      description: 'H.R. 21, FedRAMP Authorization Act; S.3099 and H.J.Res. 7',
      foreign_entity_issues: '',
      lobbyists: [
        {
          lobbyist: { id: 11, prefix: null, first_name: 'Ann', nickname: null, middle_name: 'B.', last_name: 'Smith', suffix: 'Jr.' },
          covered_position: 'Former LA, Rep. X',
          new: true,
        },
      ],
      government_entities: [{ id: 1, name: 'HOUSE OF REPRESENTATIVES' }],
    },
    {
      general_issue_code: 'TAX',
      general_issue_code_display: 'Taxation/Internal Revenue Code',
      description: 'Tax extenders',
      lobbyists: [],
      government_entities: [],
    },
  ],
  conviction_disclosures: [],
  foreign_entities: [],
  affiliated_organizations: [],
};

describe('LDA filing → silver', () => {
  test('every table and column of one filing; income arrives as a string with commas', () => {
    const rows = filingToSilver(filing);
    const id = filing.filing_uuid;
    expect(rows.filings).toEqual([
      {
        filing_uuid: id,
        filing_type: 'Q1',
        filing_year: 2021,
        filing_period: 'first_quarter',
        registrant_id: 401103,
        registrant_name: 'ACME GOVERNMENT RELATIONS',
        client_id: 12345,
        client_name: 'CLOUD CO',
        client_state: 'WA',
        income: 1230000,
        expenses: null,
        posted_at: '2021-04-19 16:34:56',
        termination_date: null,
        is_synthetic: false,
      },
    ]);
    expect(rows.activities).toEqual([
      {
        filing_uuid: id,
        activity_seq: 1,
        issue_code: 'CPI',
        issue_display: 'Computer Industry',
        description: 'H.R. 21, FedRAMP Authorization Act; S.3099 and H.J.Res. 7',
      },
      { filing_uuid: id, activity_seq: 2, issue_code: 'TAX', issue_display: 'Taxation/Internal Revenue Code', description: 'Tax extenders' },
    ]);
    expect(rows.lobbyists).toEqual([
      { filing_uuid: id, activity_seq: 1, lobbyist_id: 11, full_name: 'Ann B. Smith Jr.', covered_position: 'Former LA, Rep. X' },
    ]);
    expect(rows.government_entities).toEqual([{ filing_uuid: id, activity_seq: 1, entity_id: 1, entity_name: 'HOUSE OF REPRESENTATIVES' }]);
    expect(rows.bill_mentions).toEqual([
      { filing_uuid: id, activity_seq: 1, bill_id: '117-hjres-7' },
      { filing_uuid: id, activity_seq: 1, bill_id: '117-hr-21' },
      { filing_uuid: id, activity_seq: 1, bill_id: '117-s-3099' },
    ]);
  });

  test('amounts, Congress of a year, mentions', () => {
    expect(parseAmount('50000.00', 'income')).toBe(50000);
    expect(parseAmount('$1,000', 'income')).toBe(1000);
    expect(parseAmount('', 'income')).toBeNull();
    expect(() => parseAmount('n/a', 'income')).toThrow(/income: not an amount/);
    expect(congressOfYear(2021)).toBe(117);
    expect(congressOfYear(2024)).toBe(118);
    expect(billMentions('HR 5 and H.R.5 and Section 5', 2025)).toEqual(['119-hr-5']);
  });

  test('a malformed filing is a FilingParseError naming the field', () => {
    expect(() => filingToSilver({ ...filing, income: 'lots' })).toThrow(FilingParseError);
    expect(() => filingToSilver({ ...filing, client: { name: 'X' } })).toThrow(/^client\.id: /);
  });
});
