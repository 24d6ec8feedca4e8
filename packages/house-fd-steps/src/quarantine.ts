import type { StepDeps } from './config';
import { keys, type Batch } from './batch';
import type { DocumentRef } from './document-ref';

/** Quarantine record of one PTR in a batch: the document, why, and where its bytes are (nothing is thrown away). */
export async function writeQuarantineRecord(
  deps: StepDeps,
  batch: Batch,
  doc: DocumentRef,
  reason: string,
  detail: string,
  bronzeKey: string | null,
): Promise<void> {
  const record = { doc_id: doc.docId, year: doc.year, reason, detail, bronze_key: bronzeKey, batch_seq: batch.seq };
  await deps.lake.put(keys.quarantine(batch.seq, doc.docId), `${JSON.stringify(record, null, 2)}\n`, 'application/json');
}
