import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { billMentions, congressOfYear, parseAmount } from '../src/filings';
import { FilingParseError, filingToSilver } from '../src/silver';

/** A filing shaped like the Senate LDA API's /api/v1/filings/ results (fields as documented; shared with the lobbying bench). */
const filing = JSON.parse(readFileSync(fileURLToPath(new URL('../../../sample-data/lobbying/documented-filing.json', import.meta.url)), 'utf8'));

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
