import { getWatermark } from '@medallion/watermarks';
import type { StepDeps } from './config';
import type { Batch } from './batch';
import { zipPath } from './source';

export interface CheckResult {
  hasNew: boolean;
  /** The batch to process when hasNew; null otherwise. */
  batch: Batch | null;
  watermarkSeq: number;
  /** Per year: what the source answered, for the run summary. */
  years: { year: number; status: number; etag: string | null; changed: boolean }[];
}

/**
 * HEAD each watched year's index zip and compare its ETag (Last-Modified when the server sends
 * no ETag) with the fingerprint stored in the watermark. Any change → a new batch, numbered
 * watermark + 1. A year the Clerk has not published yet (404) is skipped, not an error.
 */
export async function checkNewFilings(deps: StepDeps, years = deps.years): Promise<CheckResult> {
  const wm = await getWatermark(deps.dynamo, deps.watermarkTable, deps.watermarkId);
  const seen = await Promise.all(
    years.map(async (year) => {
      const res = await deps.source.head(zipPath(year));
      const fingerprint = res.status === 200 ? (res.etag ?? res.lastModified) : null;
      return {
        year,
        status: res.status,
        etag: fingerprint,
        lastModified: res.lastModified,
        changed: fingerprint !== null && wm.fingerprints[String(year)] !== fingerprint,
      };
    }),
  );
  const changed = seen.filter((s) => s.changed);
  const summary = seen.map(({ year, status, etag, changed: c }) => ({ year, status, etag, changed: c }));
  if (changed.length === 0) return { hasNew: false, batch: null, watermarkSeq: wm.seq, years: summary };
  const fingerprints = { ...wm.fingerprints };
  for (const s of changed) fingerprints[String(s.year)] = s.etag!;
  const ts = changed
    .map((s) => s.lastModified ?? '1970-01-01T00:00:00.000Z')
    .sort()
    .at(-1)!;
  return {
    hasNew: true,
    batch: { seq: wm.seq + 1, fromSeq: wm.seq, ts, years: changed.map((s) => s.year).sort(), fingerprints },
    watermarkSeq: wm.seq,
    years: summary,
  };
}
