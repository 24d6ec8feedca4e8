/** Deterministic LDA-shaped filings for the local simulator and tests (filing_uuid from the index). */
const ISSUES = [
  ['TAX', 'Taxation/Internal Revenue Code'],
  ['FIN', 'Financial Institutions/Investments/Securities'],
  ['CPI', 'Computer Industry'],
  ['HCR', 'Health Issues'],
] as const;
const PERIODS = ['first_quarter', 'second_quarter', 'third_quarter', 'fourth_quarter'] as const;

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export function generatedFiling(index: number, year: number, options: { bills?: string[] } = {}): Record<string, unknown> {
  const [code, display] = ISSUES[index % ISSUES.length];
  const bill = options.bills?.length ? options.bills[index % options.bills.length] : `H.R. ${9000 + (index % 50)}`;
  return {
    filing_uuid: uuid(year * 100_000 + index),
    filing_type: 'Q1',
    filing_year: year,
    filing_period: PERIODS[index % 4],
    income: index % 3 === 0 ? null : `${(10_000 + (index % 17) * 2_500).toLocaleString('en-US')}.00`,
    expenses: index % 3 === 0 ? `${5_000 + (index % 5) * 1_000}.00` : null,
    dt_posted: new Date(Date.UTC(year, (index % 4) * 3 + 1, 20)).toISOString(),
    termination_date: null,
    registrant: { id: 400_000 + (index % 7), name: `Generated Registrant ${index % 7}`, state: 'DC', country: 'US' },
    client: { id: 1_000 + (index % 11), name: `Generated Client ${index % 11}`, general_description: 'Generated', state: 'NY', country: 'US' },
    lobbying_activities: [
      {
        general_issue_code: code,
        general_issue_code_display: display,
        description: `Issues related to ${bill}`,
        lobbyists: [
          {
            lobbyist: { id: 50_000 + (index % 13), first_name: 'Pat', middle_name: null, last_name: `Lobbyist${index % 13}`, suffix: null },
            covered_position: null,
            new: false,
          },
        ],
        government_entities: [
          { id: 1, name: 'HOUSE OF REPRESENTATIVES' },
          { id: 2, name: 'SENATE' },
        ],
      },
    ],
    _synthetic: true,
  };
}
