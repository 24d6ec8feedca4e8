import { billMentions, filingSchema, parseAmount } from './filings';

/** Column types of the lobbying silver tables (writeRowsToParquet; docs/tables/silver_lobbying_*.md). */
export const LOBBYING_SILVER_COLUMNS = {
  filings: {
    filing_uuid: 'VARCHAR',
    filing_type: 'VARCHAR',
    filing_year: 'INTEGER',
    filing_period: 'VARCHAR',
    registrant_id: 'BIGINT',
    registrant_name: 'VARCHAR',
    client_id: 'BIGINT',
    client_name: 'VARCHAR',
    client_state: 'VARCHAR',
    income: 'DECIMAL(14,2)',
    expenses: 'DECIMAL(14,2)',
    posted_at: 'TIMESTAMP',
    termination_date: 'DATE',
    is_synthetic: 'BOOLEAN',
  },
  activities: { filing_uuid: 'VARCHAR', activity_seq: 'INTEGER', issue_code: 'VARCHAR', issue_display: 'VARCHAR', description: 'VARCHAR' },
  lobbyists: { filing_uuid: 'VARCHAR', activity_seq: 'INTEGER', lobbyist_id: 'BIGINT', full_name: 'VARCHAR', covered_position: 'VARCHAR' },
  government_entities: { filing_uuid: 'VARCHAR', activity_seq: 'INTEGER', entity_id: 'BIGINT', entity_name: 'VARCHAR' },
  bill_mentions: { filing_uuid: 'VARCHAR', activity_seq: 'INTEGER', bill_id: 'VARCHAR' },
} as const;
export type LobbyingSilverTable = keyof typeof LOBBYING_SILVER_COLUMNS;
export type LobbyingRows = Record<LobbyingSilverTable, Record<string, unknown>[]>;

export class FilingParseError extends Error {
  override name = 'FilingParseError';
}

const name = (l: { first_name: string | null; middle_name: string | null; last_name: string | null; suffix: string | null }) =>
  [l.first_name, l.middle_name, l.last_name, l.suffix].filter((p) => p?.trim()).join(' ');

/** "2024-04-19T12:34:56-04:00" → "2024-04-19 16:34:56" (UTC). */
const utc = (s: string) => new Date(s).toISOString().replace('T', ' ').slice(0, 19);

/** One LDA filing → its rows in the five lobbying silver tables. */
export function filingToSilver(raw: unknown, options: { isSynthetic?: boolean } = {}): LobbyingRows {
  const parsed = filingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FilingParseError(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const f = parsed.data;
  let income: number | null;
  let expenses: number | null;
  try {
    income = parseAmount(f.income, 'income');
    expenses = parseAmount(f.expenses, 'expenses');
  } catch (error) {
    throw new FilingParseError((error as Error).message);
  }
  const id = f.filing_uuid;
  const rows: LobbyingRows = {
    filings: [
      {
        filing_uuid: id,
        filing_type: f.filing_type,
        filing_year: f.filing_year,
        filing_period: f.filing_period,
        registrant_id: f.registrant.id,
        registrant_name: f.registrant.name,
        client_id: f.client.id,
        client_name: f.client.name,
        client_state: f.client.state,
        income,
        expenses,
        posted_at: utc(f.dt_posted),
        termination_date: f.termination_date,
        is_synthetic: options.isSynthetic ?? f._synthetic ?? false,
      },
    ],
    activities: [],
    lobbyists: [],
    government_entities: [],
    bill_mentions: [],
  };
  f.lobbying_activities.forEach((a, i) => {
    const seq = i + 1;
    rows.activities.push({
      filing_uuid: id,
      activity_seq: seq,
      issue_code: a.general_issue_code,
      issue_display: a.general_issue_code_display,
      description: a.description,
    });
    for (const l of a.lobbyists)
      rows.lobbyists.push({
        filing_uuid: id,
        activity_seq: seq,
        lobbyist_id: l.lobbyist.id,
        full_name: name(l.lobbyist),
        covered_position: l.covered_position,
      });
    for (const g of a.government_entities) rows.government_entities.push({ filing_uuid: id, activity_seq: seq, entity_id: g.id, entity_name: g.name });
    for (const bill of billMentions(a.description, f.filing_year)) rows.bill_mentions.push({ filing_uuid: id, activity_seq: seq, bill_id: bill });
  });
  return rows;
}
