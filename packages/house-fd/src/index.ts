// Public API of @medallion/house-fd: pure parsers for the House Clerk's financial disclosures
// (no AWS, no DuckDB) and a deterministic generator of synthetic sources.

export type { SilverFiling } from './types';

export { readZipEntries, writeDeterministicZip } from './zip';

export { parseFilingIndex } from './filing-index/parse-index';

export { parsePtrPdf } from './ptr/parse-ptr';
export type { DateSuspectReason } from './ptr/suspect-dates';

export { parseLegislators } from './members/legislators';
export type { Member } from './members/legislators';
export { parseCongressGovMembers, mergeMembers } from './members/congress-gov';
export { matchFilings } from './members/match';
export type { UnmatchedFiler } from './members/match';

export { describeFile } from './describe';
export type { FileDescription } from './describe';

export { buildSyntheticSource } from './synthetic/source';
export { renderPtrPdf } from './synthetic/ptr-pdf';
export type { SyntheticFiling, SyntheticRow } from './synthetic/model';
