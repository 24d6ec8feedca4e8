import { z } from 'zod';
import { readZipEntries, parseFilingIndex, matchFilings, type SilverFiling, type UnmatchedFiler } from '@medallion/house-fd';
import { openDuck, sqlPath, writeRowsToParquet } from '@medallion/duck';
import { writeViaLocalFile } from '@medallion/lake';
import type { StepDeps } from './config';
import { keys, seqOfKey, type Batch } from './batch';
import { SILVER_FILINGS_COLUMNS } from './silver-schema';
import { documentRefSchema, type DocumentRef } from './document-ref';
import { duePendingDocuments } from './pending';
import { loadMembers } from './members';
import { readLakeJson } from './lake-json';

export { documentRefSchema, type DocumentRef } from './document-ref';

export interface IndexToSilverResult {
  rowsIn: number;
  rowsOut: number;
  alreadySeen: number;
  byFilingType: Record<string, number>;
  duplicateDocIds: number;
  quarantined: number;
  unmatched: number;
  /** PTRs of earlier batches whose PDF was not published then, extracted again in this batch. */
  retriedDocuments: number;
  /** Pending PTRs given up on in this batch (no PDF after PENDING_MAX_DAYS): quarantined never_published. */
  neverPublished: string[];
  /** New PTRs of the batch whose filer was matched to a bioguide id (current or former member). */
  matchedPtrs: number;
  /** PTR filers with no bioguide id: their trades reach gold with the 'unknown member' key. */
  unmatchedPtrs: number;
  /** Up to five of those PTR filers. */
  unmatchedSample: UnmatchedFiler[];
  /**
   * DocIDs of the PTRs to extract, the Map's items. Only the ids travel through Step Functions
   * (a task result and the execution state are capped at 256 KB: ids fit ~20,000 PTRs); the
   * extraction reads the rest of each document from the batch's document list in the lake.
   */
  documentIds: string[];
  /** How many of them are generated (synthetic) filings. */
  syntheticDocuments: number;
}

/**
 * Parse each ingested index (XML preferred, TXT as fallback), keep the filings not seen in an
 * earlier batch, match filers to bioguide ids and write them as this batch's silver filings.
 */
export async function indexToSilver(deps: StepDeps, batch: Batch): Promise<IndexToSilverResult> {
  const filings: SilverFiling[] = [];
  const byFilingType: Record<string, number> = {};
  let rowsIn = 0,
    duplicateDocIds = 0;
  const quarantined: unknown[] = [];
  for (const year of batch.years) {
    const zip = await deps.lake.get(keys.bronzeZip(year));
    if (!zip) throw new Error(`bronze zip for ${year} is missing: run IngestZip first`);
    const entries = readZipEntries(zip);
    const name = Object.keys(entries).find((n) => n.toLowerCase() === `${year}fd.xml`) ?? Object.keys(entries).find((n) => n.toLowerCase() === `${year}fd.txt`);
    if (!name) throw new Error(`${year}FD.zip holds neither ${year}FD.xml nor ${year}FD.txt (entries: ${Object.keys(entries).join(', ')})`);
    const parsed = parseFilingIndex(entries[name], name.toLowerCase().endsWith('.xml') ? 'xml' : 'txt', { year, batchSeq: batch.seq, ingestTs: batch.ts });
    rowsIn += parsed.stats.rows;
    duplicateDocIds += parsed.stats.duplicateDocIds;
    for (const [t, n] of Object.entries(parsed.stats.byFilingType)) byFilingType[t] = (byFilingType[t] ?? 0) + n;
    filings.push(...parsed.filings);
    quarantined.push(...parsed.quarantined.map((q) => ({ year, ...q })));
  }

  const prior = (await deps.lake.list(keys.silverFilingsPrefix())).filter((o) => seqOfKey(o.key) < batch.seq);
  const seen = new Set<string>();
  const duck = await openDuck();
  try {
    if (prior.length) {
      const paths = await deps.lake.stage(prior.map((o) => o.key));
      const rows = await duck.all<{ doc_id: string }>(`SELECT doc_id FROM read_parquet([${paths.map(sqlPath).join(', ')}], hive_partitioning = false)`);
      for (const r of rows) seen.add(r.doc_id);
    }
    const unseen = new Map<string, SilverFiling>();
    for (const f of filings) if (!seen.has(f.doc_id) && !unseen.has(f.doc_id)) unseen.set(f.doc_id, f);
    const newFilings = [...unseen.values()];

    const match = matchFilings(newFilings, await loadMembers(deps));
    const withIds = newFilings.map((f) => ({ ...f, bioguide_id: match.bioguideByDocId[f.doc_id] ?? null }));

    await writeViaLocalFile(deps.lake, keys.silverFilings(batch.seq), (p) => writeRowsToParquet(duck, withIds, SILVER_FILINGS_COLUMNS, p, ['doc_id']));
    if (quarantined.length) {
      await deps.lake.put(keys.quarantine(batch.seq, 'index-rows'), JSON.stringify({ reason: 'unparseable_index_row', rows: quarantined }, null, 2));
    }
    const fresh: DocumentRef[] = withIds
      .filter((f) => f.filing_type === 'P')
      .map((f) => ({
        docId: f.doc_id,
        year: f.year,
        filingDate: f.filing_date,
        bioguideId: f.bioguide_id,
        filerName: f.filer_name,
        stateDistrict: f.state_district,
        isSynthetic: f.is_synthetic,
      }));
    const { documents, retried, gaveUp } = await fixBatchDocuments(deps, batch, fresh);
    const ptrIds = new Set(fresh.map((d) => d.docId));
    return {
      rowsIn,
      rowsOut: withIds.length,
      alreadySeen: filings.length - newFilings.length,
      byFilingType,
      duplicateDocIds,
      quarantined: quarantined.length,
      unmatched: match.unmatched.length,
      retriedDocuments: retried,
      neverPublished: gaveUp,
      matchedPtrs: fresh.filter((d) => d.bioguideId !== null).length,
      unmatchedPtrs: fresh.filter((d) => d.bioguideId === null).length,
      unmatchedSample: match.unmatched.filter((u) => ptrIds.has(u.doc_id)).slice(0, 5),
      documentIds: documents.map((d) => d.docId),
      syntheticDocuments: documents.filter((d) => d.isSynthetic).length,
    };
  } finally {
    duck.close();
  }
}

/**
 * The PTRs this batch extracts: its new ones, then those earlier batches could not fetch yet
 * (pending). Written once per batch and reused on a re-run, so a batch re-run after a crash
 * extracts — and builds facts from — exactly the same documents.
 */
async function fixBatchDocuments(deps: StepDeps, batch: Batch, fresh: DocumentRef[]): Promise<{ documents: DocumentRef[]; retried: number; gaveUp: string[] }> {
  const existing = await batchDocuments(deps, batch.seq);
  if (existing) return { documents: existing, retried: existing.length - fresh.length, gaveUp: [] };
  const { due: pending, gaveUp } = await duePendingDocuments(deps, batch, new Set(fresh.map((d) => d.docId)));
  const documents = [...fresh, ...pending];
  await deps.lake.put(keys.batchDocuments(batch.seq), `${JSON.stringify(documents)}\n`, 'application/json');
  return { documents, retried: pending.length, gaveUp };
}

/** The documents batch N extracts, as IndexToSilver fixed them (null before IndexToSilver ran). */
export async function batchDocuments(deps: StepDeps, seq: number): Promise<DocumentRef[] | null> {
  return readLakeJson(deps.lake, keys.batchDocuments(seq), z.array(documentRefSchema));
}

/** One document of batch N's list (the Map item is its DocID). Lists are cached per batch: a warm container reads it once. */
const listCache = new Map<string, Map<string, DocumentRef>>();
export async function batchDocument(deps: StepDeps, seq: number, docId: string): Promise<DocumentRef> {
  const cacheKey = `${deps.lake.uri}|${seq}`;
  let byId = listCache.get(cacheKey);
  if (!byId?.has(docId)) {
    const documents = await batchDocuments(deps, seq);
    if (!documents) throw new Error(`batch ${seq} has no document list: run IndexToSilver first`);
    byId = new Map(documents.map((d) => [d.docId, d]));
    listCache.set(cacheKey, byId);
  }
  const doc = byId.get(docId);
  if (!doc) throw new Error(`DocID ${docId} is not in batch ${seq}'s document list`);
  return doc;
}
