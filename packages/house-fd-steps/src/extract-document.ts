import { parsePtrPdf } from '@medallion/house-fd';
import { openDuck, writeRowsToParquet } from '@medallion/duck';
import { writeViaLocalFile } from '@medallion/lake';
import type { StepDeps } from './config';
import { keys, type Batch } from './batch';
import type { DocumentRef } from './document-ref';
import { clearPending, markPending } from './pending';
import { writeQuarantineRecord } from './quarantine';
import { ptrPdfPath } from './source';
import { SILVER_TRANSACTIONS_COLUMNS } from './silver-schema';

export interface ExtractResult {
  docId: string;
  status: 'ok' | 'quarantined';
  rows: number;
  reason?: string;
  isSynthetic: boolean;
}

/** Reasons that mean "not there yet" rather than "bad file": the Clerk publishes PDFs after the index lists them. */
export const RETRYABLE_REASONS = new Set(['not_published', 'html_error_page', 'fetch_failed']);

/** Quarantine the document with its reason; retryable reasons keep it pending for later batches. */
async function quarantine(deps: StepDeps, batch: Batch, doc: DocumentRef, reason: string, detail: string, bronzeKey: string | null): Promise<ExtractResult> {
  await writeQuarantineRecord(deps, batch, doc, reason, detail, bronzeKey);
  if (RETRYABLE_REASONS.has(reason)) await markPending(deps, batch, doc);
  else await clearPending(deps, doc.docId); // a final verdict: stop retrying
  return { docId: doc.docId, status: 'quarantined', rows: 0, reason, isSynthetic: doc.isSynthetic };
}

/**
 * Fetch one PTR PDF into bronze, parse it, and write its rows to silver (one file per DocID,
 * rewritten on re-run). Documents that cannot be parsed are quarantined with a reason and the
 * step still succeeds: one bad filing must not stop the batch.
 */
export async function extractDocument(deps: StepDeps, batch: Batch, doc: DocumentRef): Promise<ExtractResult> {
  const res = await deps.source.get(ptrPdfPath(doc.year, doc.docId));
  if (res.status === 404 || res.status === 403) {
    return quarantine(deps, batch, doc, 'not_published', `the source answered ${res.status} for ${ptrPdfPath(doc.year, doc.docId)}`, null);
  }
  if (res.status !== 200 || !res.body) return quarantine(deps, batch, doc, 'fetch_failed', `the source answered ${res.status}`, null);
  const bronzeKey = keys.bronzePdf(doc.year, doc.docId);
  await deps.lake.put(bronzeKey, res.body, res.contentType ?? 'application/pdf');

  const parsed = await parsePtrPdf(res.body, {
    docId: doc.docId,
    filingDate: doc.filingDate,
    bioguideId: doc.bioguideId,
    batchSeq: batch.seq,
    ingestTs: batch.ts,
    isSynthetic: doc.isSynthetic,
    filerName: doc.filerName,
    stateDistrict: doc.stateDistrict,
  });
  if (parsed.status === 'quarantined') return quarantine(deps, batch, doc, parsed.reason, parsed.detail, bronzeKey);
  if (parsed.transactions.length === 0) return quarantine(deps, batch, doc, 'no_transactions', 'the PTR parsed but lists no transactions', bronzeKey);

  const duck = await openDuck({ threads: 1 });
  try {
    await writeViaLocalFile(deps.lake, keys.silverDocumentTransactions(doc.docId), (p) =>
      writeRowsToParquet(duck, parsed.transactions as unknown as Record<string, unknown>[], SILVER_TRANSACTIONS_COLUMNS, p, ['transaction_id']),
    );
  } finally {
    duck.close();
  }
  await clearPending(deps, doc.docId);
  return { docId: doc.docId, status: 'ok', rows: parsed.transactions.length, isSynthetic: doc.isSynthetic };
}
