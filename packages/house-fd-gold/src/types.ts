/** One congress-legislators term (unitedstates/congress-legislators `terms[]`), already parsed. */
export interface MemberTermInput {
  type: 'rep' | 'sen';
  /** ISO date 'YYYY-MM-DD'. */
  start: string;
  end: string;
  state: string;
  /** House district (0 = at-large); null for senators. */
  district: number | null;
  party: string;
  /** Party switches inside the term, as in congress-legislators. */
  party_affiliations?: { start: string; end: string; party: string }[];
}

/** A legislator as produced by the members YAML parser. */
export interface MemberInput {
  bioguide_id: string;
  full_name: string;
  terms: MemberTermInput[];
}

/**
 * Parquet input: one path, a glob ('dir/*.parquet'), or a list of paths. An empty list is
 * allowed and reads as an empty table with the expected columns.
 */
export type ParquetSource = string | string[];
