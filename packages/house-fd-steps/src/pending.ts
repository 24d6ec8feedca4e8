import { z } from 'zod';
import type { StepDeps } from './config';
import { keys, type Batch } from './batch';
import { documentRefSchema, type DocumentRef } from './document-ref';
import { readLakeJson } from './lake-json';
import { writeQuarantineRecord } from './quarantine';

/** After this long without a PDF, a listed PTR is given up on (quarantined as never_published). */
export const PENDING_MAX_DAYS = 90;

const markerSchema = z.object({ doc: documentRefSchema, since: z.string().datetime() });
type Marker = z.infer<typeof markerSchema>;

async function readMarker(deps: StepDeps, docId: string): Promise<Marker | null> {
  return readLakeJson(deps.lake, keys.pendingDocument(docId), markerSchema);
}

/** The PDF was not there (yet): keep the PTR for later batches, remembering since when. */
export async function markPending(deps: StepDeps, batch: Batch, doc: DocumentRef): Promise<void> {
  const since = (await readMarker(deps, doc.docId))?.since ?? batch.ts;
  await deps.lake.put(keys.pendingDocument(doc.docId), `${JSON.stringify({ doc, since })}\n`, 'application/json');
}

export async function clearPending(deps: StepDeps, docId: string): Promise<void> {
  await deps.lake.delete(keys.pendingDocument(docId));
}

/**
 * Pending PTRs to retry in `batch` (not among `exclude`), by DocID. Those pending for more than
 * PENDING_MAX_DAYS (by batch time, which comes from the source) get a final quarantine record
 * `never_published` in this batch and leave the pending set.
 */
export async function duePendingDocuments(deps: StepDeps, batch: Batch, exclude: Set<string>): Promise<{ due: DocumentRef[]; gaveUp: string[] }> {
  const due: DocumentRef[] = [];
  const gaveUp: string[] = [];
  for (const o of await deps.lake.list(keys.pendingPrefix())) {
    const marker = await readMarker(deps, o.key.slice(keys.pendingPrefix().length, -'.json'.length));
    if (!marker || exclude.has(marker.doc.docId)) continue;
    const days = (Date.parse(batch.ts) - Date.parse(marker.since)) / 86_400_000;
    if (days > PENDING_MAX_DAYS) {
      const detail = `no PDF ${Math.floor(days)} days after the first attempt (${marker.since})`;
      await writeQuarantineRecord(deps, batch, marker.doc, 'never_published', detail, null);
      await clearPending(deps, marker.doc.docId);
      gaveUp.push(marker.doc.docId);
      continue;
    }
    due.push(marker.doc);
  }
  return { due: due.sort((a, b) => a.docId.localeCompare(b.docId)), gaveUp: gaveUp.sort() };
}
