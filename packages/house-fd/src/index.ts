// Public API of @medallion/house-fd: pure parsers for the House Clerk's financial disclosures
// (no AWS, no DuckDB) and a deterministic generator of synthetic sources.

export type { SilverFiling } from './types';

export { readZipEntries, writeDeterministicZip } from './zip';

export { parseFilingIndex } from './filing-index/parse-index';

export { parsePtrPdf, parsePtrPages } from './ptr/parse-ptr';
export type { PtrMeta, PtrParsed, PtrResult, PtrQuarantine, PtrQuarantineReason, PtrHeader } from './ptr/parse-ptr';
export { parseAmount, parseAssetCell } from './ptr/fields';
export { decodeSmallCaps } from './ptr/labels';
export { dateSuspectReason, DATE_SUSPECT_REASONS, type DateSuspectReason } from './ptr/suspect-dates';
export type { TextLine } from './ptr/pdf-text';
export type { Amount, AssetParts } from './ptr/fields';

export { parseLegislators } from './members/legislators';
export type { Member, MemberTerm } from './members/legislators';
export { parseCongressGovMembers, mergeMembers } from './members/congress-gov';
export { matchFilerToMember, matchFilings, indexMembers } from './members/match';
export type { FilerRef, MatchResult, MemberIndex, UnmatchedFiler } from './members/match';
export { displayName, cleanFirstName } from './members/names';

export { describeFile } from './describe';
export type { FileDescription } from './describe';

export { buildSyntheticSource } from './synthetic/source';
export { renderPtrPdf } from './synthetic/ptr-pdf';
export type { SyntheticFiling, SyntheticRow } from './synthetic/model';
